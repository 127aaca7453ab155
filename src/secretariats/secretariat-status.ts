export const SECRETARIAT_STATUSES = ['promoting', 'declared', 'installed', 'active', 'suspended', 'dissolved'] as const;
export type SecretariatStatus = (typeof SECRETARIAT_STATUSES)[number];

export const SECRETARIAT_STATUS_LABELS: Record<SecretariatStatus, string> = {
  promoting: 'grupo promotor',
  declared: 'declarado',
  installed: 'instalado',
  active: 'en funciones',
  suspended: 'suspendido',
  dissolved: 'disuelto',
};

/** The lifecycle (DESIGN §3): the only allowed moves, checked in one place. */
export const SECRETARIAT_TRANSITIONS: Record<SecretariatStatus, readonly SecretariatStatus[]> = {
  promoting: ['declared', 'dissolved'],
  declared: ['installed', 'dissolved'],
  installed: ['active', 'dissolved'],
  active: ['suspended', 'dissolved'],
  suspended: ['active', 'dissolved'],
  dissolved: [],
};

export const canTransition = (from: SecretariatStatus, to: SecretariatStatus) => SECRETARIAT_TRANSITIONS[from].includes(to);
