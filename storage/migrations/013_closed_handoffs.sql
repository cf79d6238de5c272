-- Closing a handoff now ends the wait in conversations.handoff_since_ms at once, and staff lists read
-- only that column (issue 22: storage no longer decides what a notification means). Before, a closed
-- conversation kept its wait until the owner's next turn and the lists skipped it while its closing
-- notification was undelivered: such conversations stop waiting here. Their state is left as it is,
-- so that the owner's next turn still tells them of the closing.
UPDATE conversations SET handoff_since_ms = 0
  WHERE handoff_since_ms > 0
    AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = conversations.user_id AND n.kind = 'handoff_closed'
                AND n.delivered_at_ms IS NULL);
