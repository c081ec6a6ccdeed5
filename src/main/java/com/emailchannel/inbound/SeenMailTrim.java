package com.emailchannel.inbound;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.component.mail.MailBoxPostProcessAction;

/**
 * Bounds what a drained mailbox keeps: of the messages flagged {@code \Seen} (the route flags a message only after
 * it is stored), the newest {@code keep} stay and the older ones are expunged; unseen mail is never touched, and
 * {@code keep < 0} keeps everything. camel-mail calls it after each poll that found mail, on the folder the poll
 * used, so the expunge goes through the consumer's own IMAP session and never shifts the message numbers of a
 * poll in progress.
 * <p>
 * Sample, keep = 2, mailbox in arrival order: {@code 1 seen, 2 unseen, 3 seen, 4 seen, 5 unseen} → 1 is expunged;
 * 2, 3, 4, 5 stay.
 * <p>
 * It exists for the embedded mailbox (GreenMail), which holds every message in the heap: without a bound the
 * default run grew by every reply and report it drained (about 3.4 KB each for small messages in the load run).
 */
public final class SeenMailTrim implements MailBoxPostProcessAction {

    private final int keep;

    public SeenMailTrim(int keep) {
        this.keep = keep;
    }

    @Override
    public void process(Folder folder) throws MessagingException {
        trim(folder);
    }

    /** Expunges the seen messages older than the newest {@code keep} seen ones; returns how many it expunged. */
    public int trim(Folder folder) throws MessagingException {
        if (keep < 0 || folder.getMessageCount() <= keep) {
            return 0;
        }
        Message[] messages = folder.getMessages();
        FetchProfile flags = new FetchProfile();
        flags.add(FetchProfile.Item.FLAGS);
        folder.fetch(messages, flags);
        List<Message> seen = new ArrayList<>();
        for (Message message : messages) {
            if (!message.isExpunged() && message.isSet(Flags.Flag.SEEN) && !message.isSet(Flags.Flag.DELETED)) {
                seen.add(message);
            }
        }
        int excess = seen.size() - keep;
        if (excess <= 0) {
            return 0;
        }
        folder.setFlags(seen.subList(0, excess).toArray(Message[]::new), new Flags(Flags.Flag.DELETED), true);
        folder.expunge();
        return excess;
    }
}
