import { PageTitle } from '../components/ui';

export default function Accessibility() {
  return (
    <>
      <PageTitle>Declaración de accesibilidad</PageTitle>
      <p className="lead">Queremos que cualquier persona pueda consultar y usar Cocrea, desde cualquier teléfono o computadora.</p>
      <h2>Qué hacemos</h2>
      <ul>
        <li>Revisamos cada pantalla con pruebas automáticas de accesibilidad (WCAG 2.2, niveles A y AA) en tamaño de teléfono y de escritorio.</li>
        <li>Todo se puede usar con teclado; el foco siempre es visible y, al cambiar de página, pasa al título.</li>
        <li>Los resultados y el avance se muestran como tablas con cifras, no solo con colores.</li>
        <li>El mapa del tablero nacional tiene una tabla equivalente para lectores de pantalla y para imprimir.</li>
        <li>Las fechas se muestran en la zona horaria de cada estado.</li>
      </ul>
      <h2>Si algo no te funciona</h2>
      <p>Escribe al Secretariado Técnico Local de tu estado o al organismo garante de transparencia: dinos qué pantalla usabas y qué pasó, y lo corregiremos.</p>
    </>
  );
}
