import { CloseButton, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";

interface SearchInputProps {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  /** Take the free width of a row of controls. */
  grow?: boolean;
}

/** A search box that reports its value after the user pauses typing. */
export function SearchInput({
  label,
  placeholder,
  value,
  onChange,
  grow = true,
}: SearchInputProps) {
  const [text, setText] = useState(value);
  const report = useDebouncedCallback(onChange, 300);
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder ?? label}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      type="search"
      onChange={(event) => {
        setText(event.currentTarget.value);
        report(event.currentTarget.value.trim());
      }}
      rightSection={
        text ? (
          <CloseButton
            aria-label={label}
            size="sm"
            onClick={() => {
              setText("");
              report.cancel();
              onChange("");
            }}
          />
        ) : null
      }
      style={grow ? { flex: "1 1 220px" } : undefined}
    />
  );
}
