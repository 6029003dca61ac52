/** What other web features may use from the rules pages. */
export { TeacherChecklist } from "./TeacherChecklist.tsx";
