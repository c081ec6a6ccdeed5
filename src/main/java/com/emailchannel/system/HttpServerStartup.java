package com.emailchannel.system;

import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.OnCamelContextStarted;

/** Once Camel has started (so the embedded Vert.x router exists), installs the problem+json error pages on it. */
public final class HttpServerStartup implements OnCamelContextStarted {

    private final ProblemErrorPages errorPages;

    public HttpServerStartup(ProblemErrorPages errorPages) {
        this.errorPages = errorPages;
    }

    @Override
    public void onContextStarted(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                errorPages.install(rootRouter(router));
            }
        }
    }

    /**
     * The server's root router: Camel mounts its routes on a sub-router, and "no route matched" (404, 405) is
     * answered by the root, so the error pages must sit there. Camel does not expose it, hence the field read.
     */
    private static Router rootRouter(VertxPlatformHttpRouter camelRouter) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            Object root = field.get(camelRouter.getServer());
            return root instanceof Router router ? router : camelRouter;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return camelRouter;
        }
    }
}
