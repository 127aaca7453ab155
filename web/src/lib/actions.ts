/**
 * What the caller may do with an object comes from the API (`actions` on detail responses,
 * DESIGN §9), never re-derived here: a button shows only when its action is listed.
 */
export function allows(subject: object | undefined | null, action: string): boolean {
  const actions = subject && 'actions' in subject ? (subject as { actions?: unknown }).actions : undefined;
  return Array.isArray(actions) && actions.includes(action);
}
