extension ReportPage {
    /// The page's style sheet, inline so that the file stands alone.
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2330;\
        background:#ffffff;margin:0 auto;max-width:1240px;padding:16px 24px}
        h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #e3e6ee;padding-bottom:4px}
        h3{font-size:15px;margin:16px 0 6px}
        .model{color:#08519c}.meta{color:#5a6275;margin:0}
        nav a{margin-right:14px;color:#08519c;text-decoration:none}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
        dl.facts dt{font-weight:600;color:#3b4256}dl.facts dd{margin:0}
        .grid{display:flex;flex-wrap:wrap;gap:16px}
        figure.chart{margin:0;padding:8px;border:1px solid #e3e6ee;border-radius:6px;background:#fff}
        figure.flagged{border-color:#d62728;box-shadow:0 0 0 1px #d62728}
        figcaption{font-size:13px;color:#3b4256;max-width:560px}
        ul.legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px}
        .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        .table-wrap{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;font-size:12.5px;margin:8px 0}
        th,td{border:1px solid #e3e6ee;padding:3px 7px;text-align:right;white-space:nowrap}
        th{background:#f3f5f9;font-weight:600}td.text,th.text{text-align:left}
        td.warn{background:#fff3cd}td.alert{background:#f8d7da;font-weight:600}
        tr.firing td.state{color:#d62728;font-weight:600}tr.resolved td.state{color:#2ca02c;font-weight:600}
        .empty{color:#5a6275;font-style:italic}
        """
}
