/** What the run learned of the tenant, as the console and the HTML report say it. */
import type { LearnedRules } from '../results/model.js';

/** How a learned rule reads in the console and the reports. */
export function describeLearned(rules: LearnedRules): string {
  if (rules.refused !== undefined) return `the target accepted no ${rules.resourceType} the harness knows to build (last answer: ${rules.refused})`;
  if (rules.requires.length === 0) return `the target requires nothing of a new ${rules.resourceType} beyond its /Schemas`;
  return `the target requires of a new ${rules.resourceType}: ${rules.requires.join(', ')}`;
}
