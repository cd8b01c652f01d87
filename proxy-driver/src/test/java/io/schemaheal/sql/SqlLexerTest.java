package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlLexerTest {

    private static List<String> sqls(String script) throws SqlParseException {
        return SqlLexer.split(script).stream().map(ScriptStatement::sql).toList();
    }

    private static List<String> sqls(String script, SqlLexer.Flavor flavor) throws SqlParseException {
        return SqlLexer.split(script, 1, flavor).stream().map(ScriptStatement::sql).toList();
    }

    @Test
    void mysqlReadsHashCommentsBackslashEscapesAndDashDashOnlyBeforeASpace() throws Exception {
        String script = """
                # the user's table
                CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50));
                INSERT INTO people VALUES (1, 'O\\'Brien'), (2, "say \\"hi\\"; bye");
                SELECT 1--1;
                -- a comment; with a semicolon
                SELECT 2;
                """;
        assertEquals(List.of("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50))",
                "INSERT INTO people VALUES (1, 'O\\'Brien'), (2, \"say \\\"hi\\\"; bye\")", "SELECT 1--1", "SELECT 2"),
                sqls(script, SqlLexer.Flavor.MYSQL));
        List<Token> insert = SqlLexer.split(script, 1, SqlLexer.Flavor.MYSQL).get(1).tokens();
        assertEquals(Token.Type.STRING, insert.stream().filter(t -> t.text().contains("hi")).findFirst().orElseThrow().type(),
                "a double-quoted run is a string in MySQL");
        // read without knowing the database, the comment's apostrophe swallows the script: the reason to know it
        assertThrows(SqlParseException.class, () -> sqls("# it's\nCREATE TABLE t (x INT);"));
    }

    @Test
    void postgresqlReadsStandardStringsNestedCommentsAndEscapeStrings() throws Exception {
        String script = """
                /* outer /* inner; */ still a comment; */
                INSERT INTO paths VALUES ('C:\\', E'it\\'s');
                SELECT 1;
                """;
        assertEquals(List.of("INSERT INTO paths VALUES ('C:\\', E'it\\'s')", "SELECT 1"), sqls(script, SqlLexer.Flavor.POSTGRESQL));
    }

    @Test
    void sqliteReadsBracketedNames() throws Exception {
        List<ScriptStatement> s = SqlLexer.split("CREATE TABLE [order items] (id INT, [note;] TEXT); SELECT 1;", 1,
                SqlLexer.Flavor.SQLITE);
        assertEquals(2, s.size());
        assertEquals("order items", s.get(0).tokens().get(2).text());
        assertEquals(Token.Type.QUOTED_IDENTIFIER, s.get(0).tokens().get(2).type());
        assertEquals(SqlLexer.Flavor.SQLITE, s.get(0).flavor());
    }

    @Test
    void aProcedureWithAnInlineBodyIsOneStatementWhateverItsBlocks() throws Exception {
        List<ScriptStatement> s = SqlLexer.split("""
                CREATE PROCEDURE tidy()
                BEGIN
                  IF EXISTS (SELECT 1) THEN
                    ALTER TABLE a DROP INDEX a_x;
                  END IF;
                  WHILE 0 DO SET @n = 1; END WHILE;
                  CASE WHEN 1 THEN SET @m = 2; ELSE SET @m = 3; END CASE;
                  SET @k = CASE WHEN 1 THEN 1 END;
                END;
                CALL tidy();
                """);
        assertEquals(2, s.size(), s.toString());
        assertTrue(s.get(0).sql().endsWith("END"), s.get(0).sql());
        assertEquals("CALL tidy()", s.get(1).sql());
    }

    @Test
    void mysqldumpsExecutableCommentsAndDelimiterBlocksAreCode() throws Exception {
        String dump = """
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                CREATE TABLE `t` (`id` int NOT NULL) /*!50100 ENGINE=InnoDB */;
                /* an ordinary comment: not code */
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN
                  SET NEW.id = NEW.id + 1;
                  SET @x = '*/ not the end';
                END */;;
                DELIMITER ;
                /*M!100100 SET @y = 1 */;
                """;
        List<ScriptStatement> s = SqlLexer.split(dump);
        assertEquals(4, s.size(), s.toString());
        assertEquals("CREATE TABLE `t` (`id` int NOT NULL) ENGINE=InnoDB", s.get(1).sql().replaceAll("\\s+", " "));
        assertTrue(s.get(2).sql().replaceAll("\\s+", " ").startsWith("CREATE DEFINER=`root`@`localhost` TRIGGER t_bi"), s.get(2).sql());
        assertTrue(s.get(2).sql().endsWith("SET @x = '*/ not the end';\nEND"), s.get(2).sql());
        assertEquals(5, s.get(2).line());
        assertEquals("SET @y = 1", s.get(3).sql());
    }

    /** {@code END$$}: $ is a character of MySQL names, but the mysql client finds the delimiter in the text. */
    @Test
    void aDelimiterEndsAStatementEvenRightAfterAWord() throws Exception {
        List<ScriptStatement> s = SqlLexer.split("""
                DELIMITER $$
                DROP PROCEDURE IF EXISTS `p`$$
                CREATE PROCEDURE `p`(IN t VARCHAR(64))
                BEGIN
                    SELECT t;
                END$$
                DELIMITER ;
                CALL p('a');
                CALL p('b');
                """, 1, SqlLexer.Flavor.MYSQL);
        assertEquals(List.of("DROP PROCEDURE IF EXISTS `p`", "CALL p('a')", "CALL p('b')"),
                List.of(s.get(0).sql(), s.get(2).sql(), s.get(3).sql()), s.toString());
        assertTrue(s.get(1).sql().endsWith("SELECT t;\nEND"), s.get(1).sql());
        assertEquals(4, s.size(), s.toString());
    }

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() throws Exception {
        List<String> s = sqls("""
                CREATE TABLE a (x TEXT DEFAULT 'a;b');  -- a comment; with a semicolon
                /* block; comment */ INSERT INTO a VALUES ('it''s; fine');
                CREATE TABLE "we;ird" (`c;d` INT);
                """);
        assertEquals(3, s.size());
        assertEquals("CREATE TABLE a (x TEXT DEFAULT 'a;b')", s.get(0));
        assertTrue(s.get(1).endsWith("INSERT INTO a VALUES ('it''s; fine')"));
        assertEquals("CREATE TABLE \"we;ird\" (`c;d` INT)", s.get(2));
    }

    @Test
    void keepsTriggerBodiesWholeIncludingCaseEnd() throws Exception {
        List<String> s = sqls("""
                CREATE TRIGGER t BEFORE INSERT ON p FOR EACH ROW WHEN NEW.tags IS NOT NULL
                BEGIN
                    SELECT CASE WHEN json_valid(NEW.tags) = 0 THEN RAISE(ABORT, 'bad; json') END;
                    INSERT INTO log VALUES (1);
                END;
                SELECT 1;
                """);
        assertEquals(2, s.size());
        assertTrue(s.get(0).endsWith("END"), s.get(0));
        assertEquals("SELECT 1", s.get(1));
    }

    @Test
    void transactionBeginOutsideTriggersIsItsOwnStatement() throws Exception {
        assertEquals(List.of("BEGIN", "CREATE TABLE a (x INT)", "COMMIT"), sqls("BEGIN; CREATE TABLE a (x INT); COMMIT;"));
    }

    @Test
    void understandsPostgresDollarQuotesAndEscapeStrings() throws Exception {
        List<String> s = sqls("""
                CREATE FUNCTION f() RETURNS trigger AS $body$
                BEGIN
                  NEW.x := 'a;b'; RETURN NEW;
                END;
                $body$ LANGUAGE plpgsql;
                DO $$ BEGIN PERFORM 1; END $$;
                SELECT E'it\\'s; ok', $1;
                """);
        assertEquals(3, s.size());
        assertTrue(s.get(0).endsWith("LANGUAGE plpgsql"));
        assertTrue(s.get(1).startsWith("DO $$"));
        assertTrue(s.get(2).startsWith("SELECT E'"));
    }

    @Test
    void recordsTheLineEachStatementStartsOn() throws Exception {
        List<ScriptStatement> s = SqlLexer.split("-- header\n\nCREATE TABLE a (\n x INT\n);\n\n/* c\n */ CREATE INDEX i ON a(x);");
        assertEquals(3, s.get(0).line());
        assertEquals(8, s.get(1).line());
    }

    @Test
    void dropsStatementsThatAreOnlyComments() throws Exception {
        assertEquals(List.of("SELECT 1"), sqls("-- nothing\n;\n/* still nothing */;\nSELECT 1;\n-- trailing"));
    }

    @Test
    void reportsUnterminatedConstructsWithTheirLine() {
        SqlParseException e = assertThrows(SqlParseException.class, () -> SqlLexer.split("SELECT 1;\nSELECT 'oops;\n"));
        assertEquals(2, e.line());
        assertThrows(SqlParseException.class, () -> SqlLexer.split("/* never closed"));
        assertThrows(SqlParseException.class, () -> SqlLexer.split("SELECT $x$ never closed"));
        assertThrows(SqlParseException.class, () -> SqlLexer.split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;"));
    }

    @Test
    void tokenOffsetsSliceTheStatementText() throws Exception {
        String script = "-- c\n  CREATE TABLE \"T\" (x TEXT DEFAULT 'it''s', y INT DEFAULT E'\\n', z TEXT DEFAULT $$a;b$$);\nSELECT 1;";
        List<ScriptStatement> s = SqlLexer.split(script);
        ScriptStatement create = s.get(0);
        StringBuilder rebuilt = new StringBuilder();
        for (Token t : create.tokens()) {
            rebuilt.append(create.sql(), t.start(), t.end()).append(' ');
        }
        assertEquals("CREATE TABLE \"T\" ( x TEXT DEFAULT 'it''s' , y INT DEFAULT E'\\n' , z TEXT DEFAULT $$a;b$$ )",
                rebuilt.toString().strip());
        assertEquals("SELECT", s.get(1).sql().substring(s.get(1).tokens().get(0).start(), s.get(1).tokens().get(0).end()));
    }

    @Test
    void psqlMetaCommandLinesAreNotStatements() throws Exception {
        assertEquals(List.of("SET statement_timeout = 0", "CREATE TABLE a (x int)"),
                sqls("\\restrict AbC123\nSET statement_timeout = 0;\nCREATE TABLE a (x int);\n\\unrestrict AbC123\n"));
    }

    @Test
    void postgresUnicodeEscapedNamesAndStringsAreReadAsTheCharactersTheyStandFor() throws Exception {
        List<Token> t = SqlLexer.tokenize("CREATE TABLE U&\"d\\0061ta\" (v text DEFAULT u&'caf\\00e9 \\+01F600 \\\\')",
                SqlLexer.Flavor.POSTGRESQL);
        assertEquals(Token.Type.QUOTED_IDENTIFIER, t.get(2).type());
        assertEquals("data", t.get(2).text());
        Token value = t.stream().filter(x -> x.type() == Token.Type.STRING).findFirst().orElseThrow();
        assertEquals("caf\u00e9 \uD83D\uDE00 \\", value.text());
        assertEquals("data", StatementClassifier.classify(SqlLexer.split("CREATE TABLE U&\"d\\0061ta\" (id int)", 1,
                SqlLexer.Flavor.POSTGRESQL).get(0)).object().name(), "the classifier reads the name the server makes");
        org.junit.jupiter.api.Assertions.assertThrows(SqlParseException.class,
                () -> SqlLexer.tokenize("SELECT U&'\\zz'", SqlLexer.Flavor.POSTGRESQL));
        assertEquals(Token.Type.WORD, SqlLexer.tokenize("SELECT U&\"x\"", SqlLexer.Flavor.MYSQL).get(1).type(),
                "elsewhere U is a word and & an operator");
    }
}
