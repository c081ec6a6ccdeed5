package com.emailchannel.inbound;

import java.util.Map;

/**
 * Decides where a stored inbound message belongs: the setup of its recipient domain (none: quarantined), and
 * when it answers one of that setup's outbound messages, that message as parent, with its use case, workspace and
 * thread. Matching is only ever within the recipient setup, so a reply sent to another workspace's domain is never
 * linked to this workspace's message.
 */
public final class InboundRouting {

    private InboundRouting() {
    }

    /**
     * @param match the recipient setup ({@code id}, {@code workspace_id}) with the outbound message answered, if any
     *              ({@code parent_id}, {@code use_case_id}, {@code thread_id}); null when no setup has the domain
     */
    public static Map<String, Object> resolve(Map<String, Object> inbound, Map<String, Object> match) {
        inbound.put("quarantined", match == null);
        inbound.put("setupId", match == null ? null : match.get("id"));
        inbound.put("workspaceId", match == null ? null : match.get("workspace_id"));
        inbound.put("parentId", match == null ? null : match.get("parent_id"));
        inbound.put("useCaseId", match == null ? null : match.get("use_case_id"));
        inbound.put("threadId", match == null ? null : match.get("thread_id"));
        return inbound;
    }
}
