package io.ssloffload.operator.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The problems of all servers, in server order, as the top-level conditions read them. */
final class ServerProblems {

    private static final int MORE_RESERVE = "; and 100 more".length();

    private final List<ServerProblem> problems;

    ServerProblems(List<ServerProblem> problems) {
        this.problems = List.copyOf(problems);
    }

    boolean none() {
        return problems.isEmpty();
    }

    /** The reason of the first problem that takes this course. */
    Optional<String> firstReason(ServerProblem.Course course) {
        return of(course).map(ServerProblem::reason).findFirst();
    }

    /** Every problem, per server: "CAS01: a, b; CAS02: c", bounded. */
    String describe() {
        return describe(problems.stream());
    }

    /** The problems that take this course, described as {@link #describe()} does. */
    String describe(ServerProblem.Course course) {
        return describe(of(course));
    }

    private Stream<ServerProblem> of(ServerProblem.Course course) {
        return problems.stream().filter(p -> p.course() == course);
    }

    /** Cut at {@link BoundedText#MAX_MESSAGE} with "and N more" servers. */
    private static String describe(Stream<ServerProblem> problems) {
        Map<String, List<String>> byServer = new LinkedHashMap<>();
        problems.forEach(p -> byServer.computeIfAbsent(p.server(), s -> new ArrayList<>()).add(p.description()));
        List<String> parts = byServer.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .toList();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = (i > 0 ? "; " : "") + parts.get(i);
            int reserve = i < parts.size() - 1 ? MORE_RESERVE : 0;
            if (text.length() + part.length() + reserve > BoundedText.MAX_MESSAGE) {
                if (i == 0) {
                    text.append(BoundedText.truncate(part, BoundedText.MAX_MESSAGE - MORE_RESERVE));
                    i++;
                }
                return i < parts.size() ? text + "; and " + (parts.size() - i) + " more" : text.toString();
            }
            text.append(part);
        }
        return text.toString();
    }
}
