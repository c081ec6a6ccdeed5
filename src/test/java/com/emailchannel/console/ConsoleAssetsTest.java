package com.emailchannel.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.emailchannel.api.NotFound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleAssetsTest {

    private final ConsoleAssets assets = new ConsoleAssets();

    @Test
    void shouldServeTheIndexAtTheConsolesRoot() {
        ConsoleAssets.Asset index = assets.asset("/console/");

        assertThat(index.name()).isEqualTo("index.html");
        assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(index.content(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"app.js\">");
    }

    @Test
    void shouldServeModulesAsJavaScriptAndStylesAsCss() {
        assertThat(assets.asset("/console/app.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.asset("/console/console.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(assets.asset("/console/favicon.svg").contentType()).isEqualTo("image/svg+xml");
    }

    @Test
    void shouldListEveryFileOfTheConsoleFolderAndNoOther() throws IOException {
        Set<String> files;
        try (Stream<Path> listing = Files.list(Path.of("src/main/resources/console"))) {
            files = listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }

        assertThat(ConsoleAssets.FILES.keySet()).isEqualTo(files);
        files.forEach(name -> assertThat(assets.asset("/console/" + name).content()).isNotEmpty());
    }

    @Test
    void shouldRedirectOnlyTheBarePath() {
        assertThat(assets.redirect("/console")).isEqualTo("/console/");
        assertThat(assets.redirect("/console/")).isNull();
        assertThat(assets.redirect("/console/app.js")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../openapi.json", "/console/%2e%2e/openapi.json", "/console/..%2fopenapi.json",
            "/console/console/index.html", "/console//etc/passwd", "/console/app.js/", "/console/APP.JS", "/consolex",
            "/console", "/openapi.json", "/console/db/migration/V1__schema.sql", "/console/../application.properties",
            "/console/index.html%00.js", ""})
    void shouldAnswerNotFoundForAnyPathOffTheList(String path) {
        assertThatThrownBy(() -> assets.asset(path)).isInstanceOf(NotFound.class);
    }

    @Test
    void shouldAnswerNotFoundWithoutAPath() {
        assertThatThrownBy(() -> assets.asset(null)).isInstanceOf(NotFound.class);
    }

    @Test
    void shouldAllowOnlyTheConsolesOwnScriptsAndNoFraming() {
        String policy = assets.contentSecurityPolicy();

        assertThat(policy).startsWith("default-src 'none';").contains("script-src 'self';")
                .contains("frame-ancestors 'none'").contains("connect-src 'self';").contains("form-action 'none'");
        assertThat(policy).doesNotContain("unsafe-eval").doesNotContain("http:").doesNotContain("https:")
                .doesNotContain("*");
        String scripts = policy.substring(policy.indexOf("script-src"));
        assertThat(scripts.substring(0, scripts.indexOf(';'))).isEqualTo("script-src 'self'");
    }
}
