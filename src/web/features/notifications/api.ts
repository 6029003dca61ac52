/** Notifications: queries, mutations and the realtime subscription. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { io } from "socket.io-client";
import type { NotificationView } from "../../../shared/notifications.ts";
import { NOTIFICATION_CREATED } from "../../../shared/notifications.ts";
import { api } from "../../api/client.ts";

export interface NotificationList {
  items: NotificationView[];
  unread: number;
}

export const notificationKeys = { all: ["notifications"] as const };

export function useNotifications(unread = false, limit = 30) {
  return useQuery({
    queryKey: [...notificationKeys.all, { unread, limit }],
    queryFn: ({ signal }) =>
      api.get<NotificationList>("/api/notifications", { unread, limit }, signal),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${id}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>("/api/notifications/read-all"),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Refreshes the lists when the server pushes `notification.created` to this person's room;
 * `onNew` lets the caller show a toast. */
export function useNotificationStream(onNew?: (notification: NotificationView) => void) {
  const client = useQueryClient();
  useEffect(() => {
    const socket = io({ transports: ["websocket"], withCredentials: true });
    socket.on(NOTIFICATION_CREATED, (notification: NotificationView) => {
      void client.invalidateQueries({ queryKey: notificationKeys.all });
      onNew?.(notification);
    });
    socket.on("notification.read", () => {
      void client.invalidateQueries({ queryKey: notificationKeys.all });
    });
    return () => {
      socket.close();
    };
  }, [client, onNew]);
}
