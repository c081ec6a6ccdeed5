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

    public static Map<String, Object> resolve(Map<String, Object> inbound, Map<String, Object> setup,
            Map<String, Object> parent) {
        inbound.put("quarantined", setup == null);
        inbound.put("setupId", setup == null ? null : setup.get("id"));
        inbound.put("workspaceId", setup == null ? null : setup.get("workspace_id"));
        inbound.put("parentId", parent == null ? null : parent.get("id"));
        inbound.put("useCaseId", parent == null ? null : parent.get("use_case_id"));
        inbound.put("threadId", parent == null ? null : parent.get("thread_id"));
        return inbound;
    }
}
