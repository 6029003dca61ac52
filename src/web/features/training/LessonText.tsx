import { List, Stack, Text } from "@mantine/core";
import { Fragment, type ReactNode } from "react";

/** **bold** inside a line. */
function inline(text: string): ReactNode {
  return text
    .split(/(\*\*[^*]+\*\*)/g)
    .map((part, index) =>
      part.startsWith("**") && part.endsWith("**") ? (
        <strong key={index}>{part.slice(2, -2)}</strong>
      ) : (
        <Fragment key={index}>{part}</Fragment>
      ),
    );
}

/** The small text format of lessons: paragraphs, "- " bullets, "1. " numbered steps, **bold**. */
export function LessonText({ body }: { body: string }) {
  const blocks = body.split(/\n\s*\n/);
  return (
    <Stack gap="sm">
      {blocks.map((block, index) => {
        const lines = block.split("\n").filter((line) => line.trim() !== "");
        const bullets = lines.filter((line) => /^\s*- /.test(line));
        const numbered = lines.filter((line) => /^\s*\d+\. /.test(line));
        const lead = lines.filter((line) => !/^\s*(- |\d+\. )/.test(line));
        return (
          <Stack gap={6} key={index}>
            {lead.map((line, lineIndex) => (
              <Text key={lineIndex}>{inline(line)}</Text>
            ))}
            {bullets.length > 0 && (
              <List spacing={4}>
                {bullets.map((line, lineIndex) => (
                  <List.Item key={lineIndex}>{inline(line.replace(/^\s*- /, ""))}</List.Item>
                ))}
              </List>
            )}
            {numbered.length > 0 && (
              <List type="ordered" spacing={4}>
                {numbered.map((line, lineIndex) => (
                  <List.Item key={lineIndex}>{inline(line.replace(/^\s*\d+\. /, ""))}</List.Item>
                ))}
              </List>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
