/** Styles shared by the console pages (each page adds little of its own). */
export const CONSOLE_STYLES = `
  .filters { display: flex; gap: 0.75rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: 0.75rem; }
  .filters label { margin: 0; font-weight: normal; }
  select { font: inherit; padding: 0.4rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
  button.link { background: none; border: 0; padding: 0; color: var(--brand); cursor: pointer; font: inherit; text-decoration: underline; }
  button.secondary { background: #fff; border: 1px solid var(--brand); color: var(--brand); border-radius: 4px; padding: 0.45rem 0.9rem; font: inherit; cursor: pointer; }
  .table-wrap { overflow-x: auto; }
  .table-wrap table { min-width: 1500px; }
  td.name, .badge { white-space: nowrap; }
  thead th { font-size: 0.8rem; color: var(--muted); }
  table { width: 100%; border-collapse: collapse; background: #fff; font-size: 0.92rem; }
  th, td { text-align: left; padding: 0.4rem 0.55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th.num, td.num { text-align: right; white-space: nowrap; }
  th.sortable { cursor: pointer; user-select: none; }
  .badge { display: inline-block; font-size: 0.78rem; border-radius: 3px; padding: 0 0.35rem; margin: 0 0.2rem 0.15rem 0; border: 1px solid var(--line); }
  .on_time { color: var(--ok); } .late { color: var(--warn); } .missing { color: var(--bad); }
  .badge.finding { color: var(--bad); border-color: var(--bad); }
  .flag-bad { color: var(--bad); font-weight: 600; }
  .flag-good { color: var(--ok); font-weight: 600; }
  .badge.flag-bad { border-color: var(--bad); }
  .badge.flag-good { border-color: var(--ok); }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 0.75rem; }
  .cards .value { font-size: 1.35rem; font-weight: 700; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
  .small { font-size: 0.85rem; }
  .error { color: var(--bad); }
`;
