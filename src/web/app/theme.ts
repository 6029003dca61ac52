import { Badge, createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: "650" },
  cursorType: "pointer",
  components: {
    // Vietnamese reads badly in capitals (diacritics collide), so badges keep the text's own case
    Badge: Badge.extend({ defaultProps: { tt: "none" } }),
  },
});
