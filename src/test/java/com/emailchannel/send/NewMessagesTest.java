package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which suppressions stop a send: marketing honours every reason, transactional the definitive ones. */
class NewMessagesTest {

    @Test
    void shouldLetTransactionalMailPassASoftBounceButNotMarketing() {
        assertThat(NewMessages.suppressedFor(useCase("transactional", "soft_bounce"))).isNull();
        assertThat(NewMessages.suppressedFor(useCase("marketing", "soft_bounce"))).isEqualTo("soft_bounce");
    }

    @Test
    void shouldAnswerTheOldestHonouredReason() {
        assertThat(NewMessages.suppressedFor(useCase("transactional", "soft_bounce,unsubscribe,complaint")))
                .isEqualTo("unsubscribe");
        assertThat(NewMessages.suppressedFor(useCase("marketing", "soft_bounce,unsubscribe"))).isEqualTo("soft_bounce");
        for (String reason : new String[] {"hard_bounce", "complaint", "unsubscribe", "manual"}) {
            assertThat(NewMessages.suppressedFor(useCase("transactional", reason))).isEqualTo(reason);
        }
    }

    @Test
    void shouldPassWhenNothingIsSuppressed() {
        assertThat(NewMessages.suppressedFor(useCase("marketing", null))).isNull();
        assertThat(NewMessages.suppressedFor(useCase("transactional", ""))).isNull();
    }

    private static Map<String, Object> useCase(String type, String active) {
        Map<String, Object> row = new HashMap<>();
        row.put("email_type", type);
        row.put("active_suppressions", active);
        return row;
    }
}
