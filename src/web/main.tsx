import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "./app/styles.css";
import "./i18n/index.ts";

import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { isApiError } from "./api/client.ts";
import { App } from "./app/App.tsx";
import { theme } from "./app/theme.ts";
import { clearSession, meQueryKey } from "./auth/session.ts";
import { DatesLocaleProvider } from "./components/DateFields.tsx";

/** A session that ends (expired, signed out elsewhere) sends the user back to sign-in. */
function onApiError(error: unknown): void {
  if (!isApiError(error)) return;
  if (error.code === "unauthenticated") clearSession(queryClient);
  if (error.code === "password_change_required")
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // client errors (4xx) will not fix themselves; network and 5xx may
      retry: (count, error) =>
        count < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesLocaleProvider>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </DatesLocaleProvider>
    </MantineProvider>
  </StrictMode>,
);
