/// The one stylesheet every page links to. System fonts (nothing to download), a measure of about 70
/// characters, tabular figures in tables, single-column layout on a phone, and print rules that drop
/// navigation and keep figures and table rows whole.
enum StyleSheet {
    static let fileName = "style.css"

    static let css = """
        :root {
          --ink: #1f2328;
          --muted: #59636e;
          --rule: #d0d7de;
          --wash: #f6f8fa;
          --accent: #0b5cad;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          line-height: 1.5;
          color: var(--ink);
          background: #ffffff;
        }

        * { box-sizing: border-box; }

        body { margin: 0; }

        .site-header {
          display: flex;
          flex-wrap: wrap;
          align-items: baseline;
          justify-content: space-between;
          gap: 0.5rem 2rem;
          padding: 0.75rem max(1rem, calc((100% - 64rem) / 2));
          border-bottom: 1px solid var(--rule);
          background: var(--wash);
        }

        .site-name { margin: 0; font-weight: 600; }
        .site-name a { color: var(--ink); text-decoration: none; }

        nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; list-style: none; }
        nav a { color: var(--accent); text-decoration: none; padding: 0.25rem 0; }
        nav a:hover, nav a:focus-visible { text-decoration: underline; }
        nav a[aria-current="page"] { color: var(--ink); font-weight: 600; border-bottom: 2px solid var(--accent); }

        main { max-width: 64rem; margin: 0 auto; padding: 1rem 1rem 3rem; }

        h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.25rem 0 0.5rem; }
        h2 { font-size: 1.35rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
        p, li { max-width: 70ch; }
        .lead { font-size: 1.1rem; color: var(--muted); }
        .note { color: var(--muted); font-size: 0.95rem; }
        a { color: var(--accent); }

        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
        pre.formula { background: var(--wash); border: 1px solid var(--rule); border-radius: 6px; padding: 0.75rem 1rem; white-space: pre-wrap; }
        .hash { overflow-wrap: anywhere; }

        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.75rem; margin: 1.5rem 0; }
        .tile { border: 1px solid var(--rule); border-radius: 8px; padding: 0.75rem 1rem; }
        .tile dt { color: var(--muted); font-size: 0.9rem; }
        .tile dd { margin: 0; font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .tile .unit { font-size: 1rem; font-weight: normal; color: var(--muted); }

        .facts { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: 0.4rem 1.5rem; margin: 0; }
        .facts div { display: contents; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }

        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 1rem 2rem; align-items: start; }
        .grid.narrow { grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); }

        .table-scroll { overflow-x: auto; margin: 0.5rem 0 1.25rem; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.95rem; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; width: max-content; max-width: min(70ch, 90vw); }
        th, td { padding: 0.3rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: baseline; }
        thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
        thead th.group { text-align: center; border-bottom: 1px solid var(--rule); }
        tbody th { font-weight: normal; }
        .num { text-align: right; white-space: nowrap; }
        table time { white-space: nowrap; }
        tbody tr:nth-child(even) { background: var(--wash); }
        tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--ink); border-bottom: none; }

        .badge {
          display: inline-block;
          margin-left: 0.4rem;
          padding: 0 0.45rem;
          border-radius: 999px;
          background: var(--accent);
          color: #ffffff;
          font-size: 0.75rem;
          vertical-align: middle;
        }

        .verdict { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-size: 0.85rem; font-weight: 600; border: 1px solid; }
        .verdict-none { color: #1a5d2b; background: #e6f4ea; border-color: #8cc79a; }
        .verdict-moderate { color: #6b4a00; background: #fff4d6; border-color: #e0b54a; }
        .verdict-major { color: #ffffff; background: #b3261e; border-color: #b3261e; }
        .tile dd .verdict { font-size: 1.1rem; vertical-align: middle; }
        .threshold { display: block; color: var(--muted); font-size: 0.8rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

        figure { margin: 1rem 0 1.5rem; }
        figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.25rem; max-width: 70ch; }
        svg.chart { display: block; width: 100%; max-width: 56rem; height: auto; }
        svg.chart text { fill: var(--ink); }

        ul.pages li { margin: 0.4rem 0; }

        .site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9rem; padding: 1rem max(1rem, calc((100% - 64rem) / 2)); }

        @media (max-width: 40rem) {
          h1 { font-size: 1.5rem; }
          .facts { grid-template-columns: 1fr; gap: 0; }
          .facts dd { margin-bottom: 0.6rem; }
          th, td { padding: 0.25rem 0.5rem; }
        }

        @media print {
          :root { font-size: 10.5pt; }
          .site-header nav, .site-footer { display: none; }
          .site-header { background: none; padding: 0 0 0.5rem; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          h2 { break-after: avoid; }
          figure, tr, .tile { break-inside: avoid; }
          tbody tr:nth-child(even) { background: none; }
          .table-scroll { overflow: visible; }
        }

        """
}
