package com.emailchannel;

import com.emailchannel.crypto.NativeCrypto;
import org.apache.camel.main.Main;

/**
 * Starts email-channel: camel-main with {@code application.properties} and the YAML routes in {@code routes/},
 * both read from the working directory so the integration team can change a flow without rebuilding.
 */
public final class Application {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        newMain().run(args);
    }

    /** The service as {@link #main} runs it; tests start the same one with properties overridden. */
    public static Main newMain() {
        NativeCrypto.install();
        // Jakarta Mail finds its StreamProvider with a ServiceLoader scan of the class path for every MIME part it
        // writes or parses (jakartaee/mail-api#861): 9% of a dispatch thread's CPU. Named, it is a class lookup.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, org.eclipse.angus.mail.util.MailStreamProvider.class.getName());
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.configure().addConfiguration(new Wiring());
        return main;
    }
}
