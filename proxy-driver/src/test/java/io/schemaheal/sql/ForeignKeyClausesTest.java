package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForeignKeyClausesTest {

    private static List<ForeignKeyClauses.ForeignKey> of(String sql) throws Exception {
        return ForeignKeyClauses.declaredBy(StatementClassifier.classify(SqlLexer.split(sql).get(0)));
    }

    @Test
    void columnAndTableConstraintsWithTheirActions() throws Exception {
        List<ForeignKeyClauses.ForeignKey> fks = of("CREATE TABLE orders (id INT PRIMARY KEY, "
                + "user_id INT NOT NULL REFERENCES users(id) ON DELETE SET NULL NOT DEFERRABLE, "
                + "shop_id INT CONSTRAINT fk_shop REFERENCES app.shops ON UPDATE CASCADE DEFAULT 1, "
                + "a INT, b INT, CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES pairs (x, y) MATCH FULL, "
                + "FOREIGN KEY (a) REFERENCES singles(a), CHECK (a > 0))");
        assertEquals(4, fks.size(), fks.toString());
        assertEquals(new ForeignKeyClauses.ForeignKey(null, List.of("user_id"), ObjectName.of("users"),
                "REFERENCES users(id) ON DELETE SET NULL NOT DEFERRABLE", true), fks.get(0));
        assertEquals(new ForeignKeyClauses.ForeignKey("fk_shop", List.of("shop_id"), new ObjectName("app", "shops", false),
                "REFERENCES app.shops ON UPDATE CASCADE", true), fks.get(1));
        assertEquals(new ForeignKeyClauses.ForeignKey("fk_ab", List.of("a", "b"), ObjectName.of("pairs"),
                "REFERENCES pairs (x, y) MATCH FULL", false), fks.get(2));
        assertEquals(List.of("a"), fks.get(3).columns());
        assertEquals(List.of(ObjectName.of("id")), fks.get(0).referencedColumns());
        assertEquals(List.of(), fks.get(1).referencedColumns(), "the parent's primary key, unnamed");
        assertEquals(List.of(ObjectName.of("x"), ObjectName.of("y")), fks.get(2).referencedColumns());
    }

    @Test
    void aParentIsNamedAgainWhereItIsReferenced() throws Exception {
        SqlStatement create = StatementClassifier.classify(SqlLexer.split("CREATE TABLE tokens (id INT, a INT REFERENCES requests(id), "
                + "b INT, FOREIGN KEY (b) REFERENCES app.requests (id), c INT REFERENCES users(id), note TEXT DEFAULT 'REFERENCES requests')").get(0));
        assertEquals("CREATE TABLE tokens (id INT, a INT REFERENCES flows(id), b INT, FOREIGN KEY (b) REFERENCES \"Flows\" (id), "
                        + "c INT REFERENCES users(id), note TEXT DEFAULT 'REFERENCES requests')",
                ForeignKeyClauses.withParents(create, parent -> !parent.name().equals("requests") ? null
                        : parent.schema() == null ? "flows" : "\"Flows\""));
    }

    @Test
    void alterTableAddsConstraintsAndColumns() throws Exception {
        List<ForeignKeyClauses.ForeignKey> fks = of("ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_user_fk "
                + "FOREIGN KEY (user_id) REFERENCES public.users(id), ADD COLUMN plan_id INT REFERENCES plans(id) NOT NULL");
        assertEquals(2, fks.size(), fks.toString());
        assertEquals("orders_user_fk", fks.get(0).name());
        assertEquals("REFERENCES plans(id)", fks.get(1).references());
        assertEquals(List.of(), of("ALTER TABLE orders DROP CONSTRAINT orders_user_fk"));
        assertEquals(List.of(), of("CREATE TABLE copy AS SELECT * FROM orders"));
    }

    @Test
    void withoutTheKeysToOneParentTheRestStaysAsWritten() throws Exception {
        SqlStatement create = StatementClassifier.classify(SqlLexer.split("CREATE TABLE orders (id INT PRIMARY KEY,\n"
                + "  user_id INT NOT NULL CONSTRAINT fk_user REFERENCES users(id) ON DELETE CASCADE DEFAULT 0,\n"
                + "  shop_id INT REFERENCES shops,\n"
                + "  CONSTRAINT fk_pair FOREIGN KEY (user_id, shop_id) REFERENCES users (id, shop),\n"
                + "  CHECK (id > 0))").get(0));
        ForeignKeyClauses.Without w = ForeignKeyClauses.without(create, fk -> fk.parent().bareKey().equals("users"));
        assertEquals("CREATE TABLE orders (id INT PRIMARY KEY,\n  user_id INT NOT NULL  DEFAULT 0,\n"
                + "  shop_id INT REFERENCES shops,\n  CHECK (id > 0))", w.sql());
        assertEquals(List.of("fk_user", "fk_pair"), w.removed().stream().map(ForeignKeyClauses.ForeignKey::name).toList());
        ForeignKeyClauses.Without first = ForeignKeyClauses.without(StatementClassifier.classify(SqlLexer.split(
                "CREATE TABLE t (FOREIGN KEY (a) REFERENCES p(a), a INT)").get(0)), fk -> true);
        assertEquals("CREATE TABLE t (a INT)", first.sql());
        assertEquals(null, ForeignKeyClauses.without(create, fk -> false), "nothing to take out");
    }
}
