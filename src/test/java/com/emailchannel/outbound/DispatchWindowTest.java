package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DispatchWindowTest {

    @Test
    void aClaimTakesWhatIsFreeAndTheNextOneWhatItLeft() {
        DispatchWindow window = new DispatchWindow(10);
        assertThat(window.reserve()).isEqualTo(10);
        window.unclaimed(10, 4);
        assertThat(window.held()).isEqualTo(4);
        // an overlapping poll while those 4 are out
        assertThat(window.reserve()).isEqualTo(6);
        window.unclaimed(6, 6);
        assertThat(window.reserve()).as("nothing free until a message is done").isZero();
        window.done();
        window.done();
        assertThat(window.reserve()).isEqualTo(2);
    }

    @Test
    void deferredRowsAndAFailedClaimGiveTheirPlacesBack() {
        DispatchWindow window = new DispatchWindow(5);
        int reserved = window.reserve();
        // 5 claimed, 3 of them put back by the rate limit
        window.unclaimed(reserved, 2);
        assertThat(window.held()).isEqualTo(2);
        int again = window.reserve();
        SQLException down = new SQLException("connection refused");
        assertThatThrownBy(() -> window.notDispatched(again, down)).isSameAs(down);
        assertThat(window.held()).isEqualTo(2);
    }

    @Test
    void neverHoldsLessThanNothing() {
        DispatchWindow window = new DispatchWindow(3);
        window.done();
        window.done();
        assertThat(window.reserve()).isEqualTo(3);
    }

    @Test
    void aWindowOfNoPlacesIsRefused() {
        assertThatThrownBy(() -> new DispatchWindow(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
