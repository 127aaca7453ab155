import svgMap from '@svg-maps/mexico';
import { Link } from 'react-router';
import { STATE_CATEGORIES, stateCategory, stateSummary, type StateCategory, type StateRow } from './state-status';

/** @svg-maps/mexico names states by ISO 3166-2:MX suffix; the API by INEGI code. */
const INEGI_BY_MAP_ID: Record<string, string> = {
  agu: '01', bcn: '02', bcs: '03', cam: '04', coa: '05', col: '06', chp: '07', chh: '08',
  cmx: '09', dur: '10', gua: '11', gro: '12', hid: '13', jal: '14', mex: '15', mic: '16',
  mor: '17', nay: '18', nle: '19', oax: '20', pue: '21', que: '22', roo: '23', slp: '24',
  sin: '25', son: '26', tab: '27', tam: '28', tla: '29', ver: '30', yuc: '31', zac: '32',
};

// The package's types point at a package that is not installed; this is its shape.
const mexico = svgMap as unknown as { viewBox: string; locations: { id: string; name: string; path: string }[] };

function Patterns() {
  return (
    <defs>
      <pattern id="fill-secretariat" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" className="map-fill-secretariat-bg" />
        <line x1="0" y1="0" x2="0" y2="8" className="map-hatch" />
      </pattern>
      <pattern id="fill-plan-low" width="7" height="7" patternUnits="userSpaceOnUse">
        <rect width="7" height="7" className="map-fill-plan-low-bg" />
        <circle cx="3.5" cy="3.5" r="1.6" className="map-dot" />
      </pattern>
    </defs>
  );
}

const fillOf = (c: StateCategory) => (c === 'secretariat' ? 'url(#fill-secretariat)' : c === 'plan-low' ? 'url(#fill-plan-low)' : undefined);

/**
 * Mexico's 32 states coloured by where their open-government process stands. Each state is a
 * link to the portal filtered by it; fills differ by pattern as well as colour, and the table
 * next to the map carries the same facts for screen readers and printing.
 */
export default function MexicoMap({ states }: { states: StateRow[] }) {
  const byCode = new Map(states.map((s) => [s.code, s]));
  return (
    <figure className="mexico-map">
      <svg viewBox={mexico.viewBox} role="group" aria-label="Mapa de los 32 estados de México; cada estado lleva a sus planes de acción">
        <Patterns />
        {mexico.locations.map((loc) => {
          const s = byCode.get(INEGI_BY_MAP_ID[loc.id]);
          if (!s) return null;
          const category = stateCategory(s);
          return (
            <Link key={loc.id} to={`/?estado=${s.abbreviation}`} aria-label={`${s.name}: ${stateSummary(s)}. Ver sus planes`} data-state-code={s.code} data-map-name={loc.name} data-category={category}>
              <title>{`${s.name}: ${stateSummary(s)}`}</title>
              <path d={loc.path} className={`map-state map-${category}`} fill={fillOf(category)} />
            </Link>
          );
        })}
      </svg>
      <figcaption>
        <ul className="map-legend">
          {STATE_CATEGORIES.map((c) => (
            <li key={c.key}>
              <svg width="28" height="20" aria-hidden="true">
                <rect x="1" y="1" width="26" height="18" className={`map-state map-${c.key}`} fill={fillOf(c.key)} />
              </svg>
              {c.label}
            </li>
          ))}
        </ul>
        <p className="credit">
          Mapa: <a href="https://github.com/VictorCazanave/svg-maps/tree/master/packages/mexico">@svg-maps/mexico</a>, CC BY 4.0.
        </p>
      </figcaption>
    </figure>
  );
}
