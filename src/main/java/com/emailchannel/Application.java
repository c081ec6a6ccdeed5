package com.emailchannel;

import com.emailchannel.crypto.NativeCrypto;
import org.apache.camel.main.Main;

/**
 * Starts email-channel: camel-main with {@code application.properties} and the YAML routes in {@code routes/},
 * both read from the working directory so the integration team can change a flow without rebuilding.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        newMain().run(args);
    }

    /** The service as {@link #main} runs it; tests start the same one with properties overridden. */
    public static Main newMain() {
        NativeCrypto.install();
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.configure().addConfiguration(new Wiring());
        return main;
    }
}
