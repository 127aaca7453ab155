import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { Confirmation, ConfirmBox, ProblemNotice } from '../../components/ui';
import { allows } from '../../lib/actions';
import { formatDateTime } from '../../lib/format';
import { useSubmit } from '../../lib/use-submit';

type Detail = Schemas['ProposalDetailDto'];
type Secretariat = Schemas['SecretariatDetailDto'];

/**
 * What the caller may do with the proposal now, from its `actions`: edit, submit and withdraw
 * (each with a confirmation), answer it, and open a vote on it once it is ready.
 */
export function ProposalActions({ proposal, secretariat, timeZone }: { proposal: Detail; secretariat?: Secretariat; timeZone?: string }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'submit' | 'withdraw' | null>(null);
  const [done, setDone] = useState<'submit' | 'withdraw' | null>(null);
  const act = useSubmit(async (what: 'submit' | 'withdraw') => {
    const path = { params: { path: { id: proposal.id } } };
    const saved = await call(what === 'submit' ? api.POST('/api/v1/proposals/{id}/submit', path) : api.POST('/api/v1/proposals/{id}/withdraw', path));
    setAsking(null);
    setDone(what);
    queryClient.setQueryData(['proposal', proposal.id], (old: Detail | undefined) => (old ? { ...old, ...saved } : old));
    await queryClient.invalidateQueries({ queryKey: ['proposal', proposal.id] });
    await queryClient.invalidateQueries({ queryKey: ['proposals', proposal.planId] });
  });
  const canOpenVote = proposal.status === 'in_deliberation' && allows(secretariat, 'round.open');
  const any = ['proposal.update', 'proposal.submit', 'proposal.withdraw', 'proposal.respond'].some((a) => allows(proposal, a)) || canOpenVote;
  return (
    <>
      {done === 'submit' && (
        <Confirmation>
          <p>
            <strong>Tu propuesta quedó enviada al Secretariado.</strong>
            {proposal.responseDueAt && <> Debe darte una respuesta razonada antes del {formatDateTime(proposal.responseDueAt, timeZone)}.</>}
          </p>
        </Confirmation>
      )}
      {done === 'withdraw' && (
        <Confirmation>
          <p>
            <strong>Retiraste la propuesta.</strong> Sigue visible para el Secretariado, pero ya no se responde ni se vota.
          </p>
        </Confirmation>
      )}
      {act.problem && !asking && <ProblemNotice problem={act.problem} />}
      {asking ? (
        <ConfirmBox
          title={asking === 'submit' ? '¿Enviar la propuesta al Secretariado?' : '¿Retirar la propuesta?'}
          problem={act.problem}
          busy={act.busy}
          yes={asking === 'submit' ? 'Sí, enviarla' : 'Sí, retirarla'}
          onYes={() => void act.submit(asking)}
          onNo={() => setAsking(null)}
        >
          {asking === 'submit'
            ? 'Todas las personas integrantes podrán leerla y comentarla, y el Secretariado deberá darle una respuesta razonada. Después de enviarla, cada cambio queda registrado como una versión nueva.'
            : 'La propuesta deja de considerarse: no recibirá respuesta ni se votará. Esto no se puede deshacer.'}
        </ConfirmBox>
      ) : (
        any && (
          <div className="actions proposal-actions">
            {allows(proposal, 'proposal.submit') && (
              <button type="button" className="button" onClick={() => setAsking('submit')}>
                Enviar al Secretariado
              </button>
            )}
            {allows(proposal, 'proposal.respond') && (
              <Link className="button" to={`/propuestas/${proposal.id}/responder`}>
                Dar respuesta razonada
              </Link>
            )}
            {canOpenVote && (
              <Link className="button" to={`/mis-secretariados/${proposal.secretariatId}/votaciones/nueva?tipo=proposal&sujeto=${proposal.id}`}>
                Abrir votación
              </Link>
            )}
            {allows(proposal, 'proposal.update') && (
              <Link className="button button-secondary" to={`/propuestas/${proposal.id}/editar`}>
                Editar
              </Link>
            )}
            {allows(proposal, 'proposal.withdraw') && (
              <button type="button" className="button button-secondary" onClick={() => setAsking('withdraw')}>
                Retirar la propuesta
              </button>
            )}
          </div>
        )
      )}
    </>
  );
}
