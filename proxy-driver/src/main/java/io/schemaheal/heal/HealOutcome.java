package io.schemaheal.heal;

import io.schemaheal.manifest.Migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What a heal did, per relation, for the history rows and the log line. */
final class HealOutcome {
    private final HealPlan plan;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final Map<String, Set<Migration>> migrations = new LinkedHashMap<>();
    private final Map<String, StringBuilder> detail = new LinkedHashMap<>();
    private final Map<String, String> reasons = new LinkedHashMap<>();
    /** How each created table differs from the end state its migrations define (see {@link EndStateCheck}). */
    private final Map<String, List<String>> differs = new LinkedHashMap<>();
    private final Set<String> created;
    /** The relations made as a replay of the whole set on a scratch database made them (see {@link ReplayedPlan}). */
    private Set<String> replayed = Set.of();
    /** A statement the database caught changing what existed before the heal was undone (see {@link #undone}). */
    private boolean changedExisting;

    /** @param created the relations the heal creates, as it goes */
    HealOutcome(HealPlan plan, Set<String> created) {
        this.plan = plan;
        this.created = created;
    }

    /** @param skippedBecause null when the statement ran */
    void count(HealPlan.Step step, String skippedBecause) {
        count(step, skippedBecause, false);
    }

    /** @param changed null when the statement ran and stays; else what it changed of what existed, and it was undone */
    void ran(HealPlan.Step step, String changed) {
        changedExisting |= changed != null;
        count(step, changed, false);
    }

    /** As the rules said: run, skipped with a reason, or done already (no news). */
    void count(HealPlan.Step step, HealRules.Verdict verdict) {
        count(step, verdict.reason(), verdict.done());
    }

    private void count(HealPlan.Step step, String skippedBecause, boolean done) {
        boolean applied = skippedBecause == null;
        counts.computeIfAbsent(step.relation(), k -> new int[2])[applied ? 0 : 1]++;
        migrations.computeIfAbsent(step.relation(), k -> new LinkedHashSet<>()).add(step.entry().migration());
        StringBuilder d = detail.computeIfAbsent(step.relation(), k -> new StringBuilder())
                .append(applied ? "applied " : "skipped ").append(step.entry().where()).append(' ')
                .append(step.entry().statement().summary());
        if (!applied) {
            d.append(" -- ").append(skippedBecause);
            if (!done) {
                reasons.put(step.entry().where(), step.entry().statement().summary() + ": " + skippedBecause);
            }
        }
        d.append('\n');
    }

    Set<String> created() {
        return created;
    }

    void differs(String relation, List<String> differences) {
        if (!differences.isEmpty()) {
            differs.put(relation, List.copyOf(differences));
        }
    }

    /** How the relations {@link #replayed} were made: as the replay made them, or from the text and checked against it. */
    private String replayedHow = "";
    /** A relation was made otherwise than a replay of the set makes it, and the heal undone (see {@link #undone}). */
    private boolean notAsReplayed;

    /**
     * The relations this heal makes as a replay of the whole set on a scratch database made them ({@code checksOnly}:
     * from the scripts' text, checked against what the replay made).
     */
    void replayed(Set<String> relations, boolean checksOnly) {
        replayed = Set.copyOf(relations);
        replayedHow = checksOnly ? "made from the scripts, as the migrations, replayed on a scratch schema, made it"
                : "made as the migrations, replayed on a scratch database, made it";
    }

    void notAsReplayed() {
        notAsReplayed = true;
    }

    /** "; made as the migrations, replayed on a scratch database, made it" for the log line, or "". */
    String replayedNote() {
        return replayed.isEmpty() ? "" : "; " + replayedHow.replace(" it", replayed.size() == 1 ? " it" : " them");
    }

    /** "; X differs from the end state of its migrations: column y missing" for the log line, or "". */
    String differsNote() {
        return differs.entrySet().stream().map(e -> "; " + HealPlan.display(e.getKey()) + DIFFERS + String.join(", ", e.getValue()))
                .collect(Collectors.joining());
    }

    private static final String DIFFERS = " differs from the end state of its migrations: ";

    int applied() {
        return counts.values().stream().mapToInt(c -> c[0]).sum();
    }

    int skipped() {
        return counts.values().stream().mapToInt(c -> c[1]).sum();
    }

    /** Every statement the rules would not run, with why (those already there are not news). */
    String skippedReasons() {
        String skipped = skippedList();
        if (created.contains(plan.target())) {
            // where DDL commits as it goes, another session can drop what the heal created before it is done
            // (the statements after that then find no table)
            return "it was created, but was gone again when the heal checked it (dropped by another session "
                    + "meanwhile)" + (skipped.isEmpty() ? "" : "; " + skipped);
        }
        return reasons.isEmpty() ? "its plan did not create it" : skipped;
    }

    /** "; skipped v2.sql:3 ...: why" for the log line, when a statement was skipped for a reason of its own. */
    String skippedNote() {
        return reasons.isEmpty() ? "" : "; " + skippedList();
    }

    private String skippedList() {
        return reasons.entrySet().stream().map(e -> "skipped " + e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    /** " (and chat_sessions, which it needs)" when the heal also created other relations. */
    String alsoCreated(String target) {
        List<String> others = created.stream().filter(r -> !r.equals(target)).toList();
        return others.isEmpty() ? "" : " (and " + String.join(", ", others) + ", which it needs)";
    }

    /**
     * Why a heal that did not make its target was undone: what it created was dropped meanwhile, a statement changed what
     * existed ({@code late}: the database showed a change only at the end), it is not what a replay of the set makes, or
     * what the rules let run did not make it.
     */
    HealHistory.Why undone(boolean late) {
        return late || changedExisting ? HealHistory.Why.CHANGED_EXISTING : notAsReplayed ? HealHistory.Why.DIFFERS
                : created.contains(plan.target()) ? HealHistory.Why.DROPPED_MEANWHILE : HealHistory.Why.NOT_MADE;
    }

    HealHistory.Row refusal(String target, long durationMs, String why, HealHistory.Why reason) {
        Set<Migration> ms = plan.migrations();
        return new HealHistory.Row(HealPlan.display(target), files(ms), checksums(ms), 0, skipped(), durationMs,
                HealHistory.Outcome.REFUSED, why, reason);
    }

    List<HealHistory.Row> rows(long durationMs) {
        List<HealHistory.Row> rows = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>(created);
        counts.forEach((relation, c) -> {
            if (c[0] > 0) {
                changed.add(relation); // completed by the doctor: columns, indexes or triggers added
            }
        });
        for (String relation : changed) {
            if (!plan.relations().contains(relation)) {
                continue;
            }
            int[] c = counts.getOrDefault(relation, new int[2]);
            Set<Migration> ms = migrations.getOrDefault(relation, Set.of());
            List<String> differences = differs.get(relation);
            HealHistory.Outcome healed = differences != null ? HealHistory.Outcome.HEALED_DIFFERS : HealHistory.Outcome.HEALED;
            String what = (differences != null ? "differs: " + String.join(", ", differences) + "\n" : "")
                    + (replayed.contains(relation) ? replayedHow + "\n" : "");
            rows.add(new HealHistory.Row(relation, files(ms), checksums(ms), c[0], c[1], durationMs,
                    created.contains(relation) ? healed : HealPlan.isColumn(plan.target()) ? HealHistory.Outcome.HEALED_COLUMN
                            : HealHistory.Outcome.COMPLETED,
                    what + detail.getOrDefault(relation, new StringBuilder()), differences != null ? HealHistory.Why.DIFFERS : null));
        }
        return rows;
    }

    private static String checksums(Set<Migration> ms) {
        return ms.stream().map(m -> m.fileName() + "=" + m.sha256()).collect(Collectors.joining(", "));
    }

    static String files(Set<Migration> migrations) {
        return migrations.stream().map(Migration::fileName).collect(Collectors.joining(", "));
    }
}
