package com.emailchannel.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.emailchannel.api.Conflict;
import com.emailchannel.api.NotFound;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which sends a use case admits: 404 without it, 409 unless active on a verified setup, and which suppressions stop a
 * send (marketing honours every reason, transactional the definitive ones).
 */
class NewMessagesTest {

    private final NewMessages messages = new NewMessages(new ObjectMapper());

    @Test
    void shouldLetTransactionalMailPassASoftBounceButNotMarketing() {
        assertThat(NewMessages.suppressedFor("transactional", "soft_bounce")).isNull();
        assertThat(NewMessages.suppressedFor("marketing", "soft_bounce")).isEqualTo("soft_bounce");
    }

    @Test
    void shouldAnswerTheOldestHonouredReason() {
        assertThat(NewMessages.suppressedFor("transactional", "soft_bounce,unsubscribe,complaint"))
                .isEqualTo("unsubscribe");
        assertThat(NewMessages.suppressedFor("marketing", "soft_bounce,unsubscribe")).isEqualTo("soft_bounce");
        for (String reason : new String[] {"hard_bounce", "complaint", "unsubscribe", "manual"}) {
            assertThat(NewMessages.suppressedFor("transactional", reason)).isEqualTo(reason);
        }
    }

    @Test
    void shouldPassWhenNothingIsSuppressed() {
        assertThat(NewMessages.suppressedFor("marketing", null)).isNull();
        assertThat(NewMessages.suppressedFor("transactional", "")).isNull();
    }

    @Test
    void shouldAdmitAnActiveUseCaseOfAVerifiedSetupWhenTheRecipientIsNotSuppressed() {
        Map<String, Object> request = new HashMap<>(Map.of("useCaseId", "u1", "to", "a@example.org"));

        assertThat(messages.admit(request, useCase("transactional", "soft_bounce"))).isSameAs(request);
    }

    @Test
    void shouldRefuseAMissingUseCaseWith404() {
        Map<String, Object> request = Map.of("useCaseId", "u1");

        assertThatThrownBy(() -> messages.admit(request, null)).isInstanceOf(NotFound.class)
                .hasMessageContaining("use case u1 not found");
        assertThatThrownBy(() -> messages.admit(request, new HashMap<>(), null)).isInstanceOf(NotFound.class);
    }

    @Test
    void shouldRefuseAnInactiveUseCaseOrAnUnverifiedOrDeletedSetupWith409() {
        Map<String, Object> inactive = useCase("transactional", null);
        inactive.put("status", "inactive");
        Map<String, Object> pending = useCase("transactional", null);
        pending.put("setup_status", "pending");
        Map<String, Object> deleted = useCase("transactional", null);
        deleted.put("setup_deleted_at", java.time.Instant.now());

        for (Map<String, Object> useCase : java.util.List.of(inactive, pending, deleted)) {
            assertThatThrownBy(() -> messages.admit(Map.of(), useCase)).isInstanceOf(Conflict.class);
        }
    }

    @Test
    void shouldRefuseASuppressedRecipientWith422NamingTheReason() {
        assertThatThrownBy(() -> messages.admit(Map.of(), useCase("marketing", null), "soft_bounce"))
                .isInstanceOf(Suppressed.class).hasMessageContaining("soft_bounce");
        assertThatThrownBy(() -> messages.admit(Map.of(), useCase("transactional", "complaint")))
                .isInstanceOf(Suppressed.class).hasMessageContaining("complaint");
    }

    private static Map<String, Object> useCase(String type, String active) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", "u1");
        row.put("status", "active");
        row.put("setup_status", "verified");
        row.put("email_type", type);
        row.put("active_suppressions", active);
        return row;
    }
}
