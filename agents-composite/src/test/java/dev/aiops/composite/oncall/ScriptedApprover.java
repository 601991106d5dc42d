package dev.aiops.composite.oncall;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The person at the terminal, scripted: answers are taken in order; what was asked is kept. */
final class ScriptedApprover implements Approver {

    final Deque<String> answers = new ArrayDeque<>();
    final List<ProposedAction> asked = new ArrayList<>();
    final List<String> expectedNames = new ArrayList<>();

    ScriptedApprover answer(String... a) {
        answers.addAll(List.of(a));
        return this;
    }

    @Override
    public boolean confirm(ProposedAction action) {
        asked.add(action);
        return "y".equalsIgnoreCase(answers.isEmpty() ? "" : answers.poll());
    }

    @Override
    public boolean confirmByTyping(ProposedAction action, String expected) {
        asked.add(action);
        expectedNames.add(expected);
        return expected.equals(answers.isEmpty() ? "" : answers.poll());
    }
}
