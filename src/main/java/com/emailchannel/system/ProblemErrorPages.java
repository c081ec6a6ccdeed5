package com.emailchannel.system;

import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.ProblemJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Makes the HTTP server's own answers problem+json too: a path no route serves (404), a method a path does not
 * take (405), a body over {@code http.max-body-bytes} (413) and anything the server fails on before a route runs.
 */
public final class ProblemErrorPages {

    private static final Map<Integer, ApiProblem> PROBLEMS = Map.of(
            404, new ApiProblem(404, "not-found", "Not found", "No resource at this path"),
            405, new ApiProblem(405, "method-not-allowed", "Method not allowed", "This path does not take that method"),
            413, new ApiProblem(413, "too-large", "Payload too large", "The request body is larger than allowed"),
            500, new ApiProblem(500, "internal", "Internal error", "The request could not be completed"));

    private final ProblemJson problems;

    public ProblemErrorPages(ProblemJson problems) {
        this.problems = problems;
    }

    public void install(Router router) {
        PROBLEMS.forEach((status, problem) -> router.errorHandler(status, context -> answer(context, problem)));
        router.errorHandler(400, context -> answer(context, ApiProblem.badRequest("The request could not be read")));
    }

    private void answer(RoutingContext context, ApiProblem problem) {
        if (context.response().headWritten()) {
            return;
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", ProblemJson.MEDIA_TYPE)
                .end(problems.render(problem));
    }
}
