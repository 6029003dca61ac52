import { lazy, type ComponentType } from "react";

/** A page loaded on first visit, so the sign-in screen does not download every feature. */
export function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
) {
  const Page = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return <Page />;
}
