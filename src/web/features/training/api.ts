import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { CourseAudienceName, CourseBody, TrainingCoverage } from "../../../shared/training.ts";

export interface CourseSummary {
  id: string;
  slug: string;
  audience: CourseAudienceName;
  title: string;
  description: string;
  version: number;
  passMark: number;
  status: "draft" | "published" | "archived";
  estimatedMinutes: number;
  lessonCount: number;
  questionCount: number;
  forMe: boolean;
  progress: {
    startedAt: string;
    passedAt: string | null;
    bestScore: number | null;
    certificateId: string | null;
    lessonsDone: number;
    attempts: number;
  } | null;
}

export interface CourseDetail {
  course: Omit<CourseSummary, "lessonCount" | "questionCount" | "forMe" | "progress">;
  forMe: boolean;
  lessons: Array<{ id: string; position: number; title: string; body: string }>;
  questions: Array<{
    id: string;
    position: number;
    kind: "single" | "multiple";
    prompt: string;
    options: Array<{ id: string; text: string }>;
  }>;
  progress: {
    startedAt: string | null;
    passedAt: string | null;
    bestScore: number | null;
    lessonsDone: string[];
  };
  certificate: { id: string; serial: string; verifyCode: string } | null;
}

export interface Certificate {
  id: string;
  serial: string;
  verifyCode: string;
  courseId: string;
  courseTitle: string;
  holderName: string;
  score: number;
  issuedAt: string;
  revokedAt: string | null;
}

export const trainingKeys = {
  all: ["training"] as const,
  courses: (all: boolean) => ["training", "courses", all] as const,
  course: (id: string) => ["training", "course", id] as const,
  attempts: (id: string) => ["training", "attempts", id] as const,
  certificates: ["training", "certificates"] as const,
  coverage: (schoolId?: string) => ["training", "coverage", schoolId ?? "all"] as const,
  edit: (id: string) => ["training", "edit", id] as const,
};

export function useCourses(all = false) {
  return useQuery({
    queryKey: trainingKeys.courses(all),
    queryFn: () =>
      api.get<{ audiences: CourseAudienceName[]; items: CourseSummary[] }>(
        "/api/training/courses",
        {
          all: all ? "true" : undefined,
        },
      ),
  });
}

export function useCourse(id: string) {
  return useQuery({
    queryKey: trainingKeys.course(id),
    queryFn: () => api.get<CourseDetail>(`/api/training/courses/${encodeURIComponent(id)}`),
    enabled: Boolean(id),
  });
}

export function useAttempts(id: string) {
  return useQuery({
    queryKey: trainingKeys.attempts(id),
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          attemptNo: number;
          score: number;
          correctCount: number;
          questionCount: number;
          passed: boolean;
          submittedAt: string;
        }>;
      }>(`/api/training/courses/${encodeURIComponent(id)}/attempts`),
    enabled: Boolean(id),
  });
}

export function useCertificates() {
  return useQuery({
    queryKey: trainingKeys.certificates,
    queryFn: () => api.get<{ items: Certificate[] }>("/api/training/certificates"),
  });
}

export function useTrainingCoverage(enabled: boolean, schoolId?: string) {
  return useQuery({
    queryKey: trainingKeys.coverage(schoolId),
    queryFn: () => api.get<{ items: TrainingCoverage[] }>("/api/training/coverage", { schoolId }),
    enabled,
  });
}

export function useCourseForEdit(id: string) {
  return useQuery({
    queryKey: trainingKeys.edit(id),
    queryFn: () =>
      api.get<{ id: string; version: number; course: CourseBody }>(
        `/api/training/courses/${encodeURIComponent(id)}/edit`,
      ),
    enabled: Boolean(id),
  });
}
