/** What other features use of the organisation tree's SQL (its policy functions are imported
 * from `orgs.policy.ts` by the routes that authorise with them). */
export { attendsClassC, lowerLike, nameContains, teachesClassC } from "./orgs.repo.ts";
