import { Alert, Box, Button, Paper, ScrollArea, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { RulesDocument } from "../../../shared/rules.ts";
import { api, ApiError } from "../../api/client.ts";
import { RulesDocumentView } from "../rules/RulesDocumentView.tsx";
import "./i18n.ts";

interface PendingRules {
  rules: { id: string; version: number; title: string; document: RulesDocument } | null;
}

/** For a student who entered by personal link only: the school's rules, read and accepted on
 * this device through the join grant, then the door is tried again. */
export function GrantRules({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const pending = useQuery({
    queryKey: ["live-grant-rules"],
    queryFn: () => api.get<PendingRules>("/api/live/grant/rules"),
  });
  const accept = useMutation({
    mutationFn: (rulesId: string) => api.post("/api/live/grant/rules/acknowledge", { rulesId }),
    onSuccess: onDone,
  });
  const rules = pending.data?.rules;
  if (pending.isLoading) return null;
  if (!rules) {
    return (
      <Button size="md" onClick={onDone}>
        {t("live.common.retry", { defaultValue: "Thử lại" })}
      </Button>
    );
  }
  return (
    // Inside the centred door card: the rules read left-aligned, and nothing may be wider than
    // the card on a phone (miw 0 lets this column shrink below the button's one-line width).
    <Stack gap="sm" w="100%" miw={0} ta="left">
      <Text fw={600}>{rules.title}</Text>
      <Paper withBorder p={0} radius="md" style={{ overflow: "hidden" }}>
        <ScrollArea.Autosize
          mah="min(60dvh, 520px)"
          type="always"
          offsetScrollbars="y"
          scrollbars="y"
          data-testid="live-grant-rules-text"
        >
          <Box p="sm">
            <RulesDocumentView document={rules.document} />
          </Box>
        </ScrollArea.Autosize>
      </Paper>
      <Text size="sm" c="dimmed">
        {t("live.refusal.scrollRules")}
      </Text>
      {accept.error instanceof ApiError && <Alert color="red">{accept.error.message}</Alert>}
      <Button
        size="md"
        fullWidth
        h="auto"
        mih={42}
        py={8}
        styles={{ label: { whiteSpace: "normal", textAlign: "center", lineHeight: 1.35 } }}
        loading={accept.isPending}
        onClick={() => accept.mutate(rules.id)}
        data-testid="live-accept-rules"
      >
        {t("live.refusal.acceptRules")}
      </Button>
    </Stack>
  );
}
