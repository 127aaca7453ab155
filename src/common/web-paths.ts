/**
 * Pages of the web app (web/src/routes.tsx) that notifications and e-mails link to, relative
 * to PUBLIC_URL. One place, so a link a person clicks always opens a screen, never raw JSON.
 */
export const webPaths = {
  // Members receive plan links (stage moves, deadlines): the member page, which drafts also have.
  plan: (planId: string) => `/gestion/planes/${planId}`,
  proposal: (proposalId: string) => `/propuestas/${proposalId}`,
  proposalComment: (proposalId: string, commentId: string) => `/propuestas/${proposalId}#comentario-${commentId}`,
  votingRound: (roundId: string) => `/votaciones/${roundId}`,
  // Members act on a milestone (start, submit, review) on its member page.
  milestone: (milestoneId: string) => `/gestion/hitos/${milestoneId}`,
  invitation: (token: string) => `/invitaciones/${token}`,
  passwordReset: (token: string) => `/restablecer/${token}`,
};
