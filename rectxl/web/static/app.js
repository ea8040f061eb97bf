// rectxl's page: uploads a ledger, shows what the server answers (findings, figures, lists) and
// fetches the downloads. Every number comes from the server (rectxl's core); nothing is computed here
// but the order of a table's rows.
"use strict";

const T = {
  zh: {
    switch: "English", uploading: "正在上传…", working: "正在读取、校验和统计…", importing: "正在导入…",
    generating: "正在生成…", reading_units: "正在读取各单位台账", seconds: "秒", as_of: "统计截至",
    ledger_of: "台账", no_findings: "没有发现问题。", more: "仅显示前 {n} 条，请用上方筛选。",
    errors: "错误", warnings: "警告", infos: "提示", name: "名称", unit: "部门", total: "措施数", done: "已完成",
    in_progress: "推进中", not_started: "未启动", phase: "阶段性完成", overdue: "逾期", due_soon: "临期", stale: "无进展",
    completion: "完成率", measure: "措施编号", text: "整改措施", people: "责任人", deadline: "完成时限",
    status: "整改状态", days_overdue: "逾期天数", days_left: "剩余天数", last_activity: "最近进展", days_since: "未更新天数",
    severity: "级别", where: "位置", message: "说明", rank: "排名", file: "文件", reason: "原因", none: "无",
    import_counts: "工作表“{sheet}”，表头在第 {row} 行：{a} 个方面、{p} 个问题、{m} 项整改措施，责任人 {n} 名。",
    unplaced: "未导入的行", not_imported: "（未识别，不导入）", rate_chart: "完成率", status_chart: "各状态措施数",
    units_title: "已汇总 {n} 个单位的台账（统计截至 {d}）：措施 {t} 项，完成率 {r}，逾期 {o} 项",
    duplicate: "单位名称“{name}”重复：{files}", network: "无法连接到 rectxl（是否已关闭运行窗口？）",
  },
  en: {
    switch: "中文", uploading: "Uploading…", working: "Reading, checking and counting…", importing: "Importing…",
    generating: "Generating…", reading_units: "Reading the units' ledgers", seconds: "s", as_of: "As of",
    ledger_of: "Ledger", no_findings: "No findings.", more: "Only the first {n} are shown: use the filter above.",
    errors: "errors", warnings: "warnings", infos: "info", name: "Name", unit: "Unit", total: "Measures", done: "Done",
    in_progress: "In progress", not_started: "Not started", phase: "Phase done", overdue: "Overdue", due_soon: "Due soon",
    stale: "Stale", completion: "Completion", measure: "Measure", text: "Measure text", people: "People",
    deadline: "Deadline", status: "Status", days_overdue: "Days overdue", days_left: "Days left",
    last_activity: "Last progress", days_since: "Days since", severity: "Severity", where: "Where", message: "Message",
    rank: "Rank", file: "File", reason: "Reason", none: "none",
    import_counts: "Sheet “{sheet}”, headers on row {row}: {a} aspects, {p} problems, {m} measures, {n} people.",
    unplaced: "Rows not imported", not_imported: "(not recognised, not imported)", rate_chart: "Completion rate",
    status_chart: "Measures by status",
    units_title: "{n} units' ledgers combined (as of {d}): {t} measures, completion {r}, {o} overdue",
    duplicate: "Unit name “{name}” is repeated: {files}", network: "Cannot reach rectxl (was its window closed?)",
  },
};
const LABELS_EN = {
  title: "Rectification ledger", local: "Runs on this computer only; files never leave it", tab_one: "One ledger",
  tab_many: "Consolidate units", drop: "Choose or drop a ledger file",
  drop_hint: ".xlsx / .xlsm / .xls / .ods and WPS-saved files; a flat hand-made ledger can be imported",
  drop_units: "Choose or drop the units' ledgers (several, or one .zip)",
  drop_units_hint: "Ranks the units by completion, sums aspects and overdue items, drafts the combined briefing",
  month: "Month", import_title: "A flat ledger: it can be imported", mapping: "Column mapping (check before importing)",
  cell: "Cell", source_header: "Header", imported_as: "Imported as", import_apply: "Import",
  completion: "Completion", measures: "Measures", overdue: "Overdue", due_soon: "Due soon", stale: "Stale",
  findings: "Findings", downloads: "Downloads", as_pdf: "PDF (needs LibreOffice)", dl_briefing: "Monthly briefing",
  dl_weekly: "Weekly push", dl_notice: "Public progress notice", dl_reminders: "Reminders (zip)", dl_results: "Results workbook",
  dl_imported: "Imported ledger", findings_title: "Findings", all: "All", error: "Errors", warning: "Warnings",
  info: "Info", figures_title: "Figures", by_person: "By person", by_unit: "By unit", by_aspect: "By aspect",
  lists_title: "Measures to chase", dl_summary_briefing: "Combined briefing", dl_summary_workbook: "Summary workbook",
  unreadable: "Files that could not be read", footer: "Charts: Apache ECharts (shipped with rectxl, works offline)",
};

const $ = (sel) => document.querySelector(sel);
const state = { lang: document.body.dataset.lang === "en" ? "en" : "zh", ledger: null, summary: null, by: "people",
                list: "overdue", charts: {} };
const zhLabels = {};
const t = (key, slots) => (T[state.lang][key] || key).replace(/\{(\w+)\}/g, (_, k) => slots[k]);
const pct = (rate) => (Math.round(rate * 1000) / 10).toFixed(1) + "%";

function esc(text) {
  const d = document.createElement("div");
  d.textContent = text == null ? "" : String(text);
  return d.innerHTML;
}

function applyLanguage() {
  document.querySelectorAll("[data-t]").forEach((el) => {
    if (!(el.dataset.t in zhLabels)) zhLabels[el.dataset.t] = el.textContent;
    el.textContent = state.lang === "en" ? LABELS_EN[el.dataset.t] || zhLabels[el.dataset.t] : zhLabels[el.dataset.t];
  });
  $("#finding-filter").placeholder = state.lang === "en" ? "Filter: sheet, cell or message" : "筛选：工作表、单元格或说明";
  $("#lang-switch").textContent = T[state.lang].switch;
  document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
}

// ---- talking to the server ------------------------------------------------------------------------

function showError(message) {
  const box = $("#error");
  box.textContent = message;
  box.hidden = !message;
}

let ticking = null;
function progress(text, fraction) {
  const box = $("#progress"), bar = $("#progress-bar");
  clearInterval(ticking);
  if (text == null) { box.hidden = true; return; }
  box.hidden = false;
  bar.classList.toggle("busy", fraction == null);
  bar.style.width = fraction == null ? "" : Math.round(fraction * 100) + "%";
  const start = Date.now();
  const show = () => { $("#progress-text").textContent = `${text} ${Math.round((Date.now() - start) / 1000)} ${t("seconds")}`; };
  show();
  if (fraction == null) ticking = setInterval(show, 1000);
}

function send(method, url, body, onUpload) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url + (url.includes("?") ? "&" : "?") + "lang=" + state.lang);
    xhr.responseType = "json";
    if (onUpload) xhr.upload.onprogress = (e) => e.lengthComputable && onUpload(e.loaded / e.total);
    xhr.onload = () => resolve(xhr.response || { error: `HTTP ${xhr.status}` });
    xhr.onerror = () => resolve({ error: t("network") });
    xhr.send(body);
  });
}

async function uploadLedger(file) {
  if (!file) return;
  showError("");
  hideAll();
  const form = new FormData();
  form.append("file", file);
  progress(t("uploading"), 0);
  const answer = await send("POST", "/api/ledger", form, (f) => (f < 1 ? progress(t("uploading"), f) : progress(t("working"))));
  progress(null);
  show(answer);
}

async function uploadUnits(files) {
  if (!files.length) return;
  showError("");
  hideAll();
  const form = new FormData();
  for (const f of files) form.append("files", f);
  form.append("month", $("#units-month").value);
  progress(t("uploading"), 0);
  let answer = await send("POST", "/api/units", form, (f) => progress(t("uploading"), f));
  while (!answer.error && !answer.answer) {
    progress(`${t("reading_units")} ${answer.done}/${answer.total}`, answer.total ? answer.done / answer.total : 0);
    await new Promise((r) => setTimeout(r, 400));
    answer = await send("GET", `/api/units/${answer.id}`);
  }
  progress(null);
  if (answer.error) return showError(answer.error);
  showSummary(answer.answer);
}

async function fetchDownload(button) {
  const kind = button.dataset.kind;
  const summary = kind.startsWith("summary-");
  const id = summary ? state.summary.id : state.ledger.id;
  const pdf = (summary ? $("#summary-pdf") : $("#pdf")).checked ? "1" : "0";
  const month = $("#month").value;
  const url = `/api/${summary ? "units" : "ledger"}/${id}/download/${kind}?pdf=${pdf}&month=${month}&lang=${state.lang}`;
  showError("");
  button.disabled = true;
  progress(t("generating"));
  try {
    const response = await fetch(url);
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      return showError(body.error);
    }
    const blob = await response.blob();
    const disposition = response.headers.get("content-disposition") || "";
    const m = /filename\*=utf-8''([^;]+)/i.exec(disposition) || /filename="([^"]+)"/.exec(disposition);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = m ? decodeURIComponent(m[1]) : kind;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    button.dataset.downloaded = a.download;
  } catch (e) {
    showError(t("network"));
  } finally {
    button.disabled = false;
    progress(null);
  }
}

// ---- showing an answer ----------------------------------------------------------------------------

function hideAll() {
  for (const id of ["#import-panel", "#ledger", "#summary"]) $(id).hidden = true;
}

function show(answer) {
  if (answer.error) return showError(answer.error);
  if (answer.kind === "flat") return showImport(answer);
  showLedger(answer);
}

function showImport(a) {
  state.ledger = a;
  $("#import-panel").hidden = false;
  $("#import-summary").textContent = t("import_counts", { sheet: a.sheet, row: a.header_row, a: a.counts.aspects,
    p: a.counts.problems, m: a.counts.measures, n: a.counts.people });
  $("#mapping tbody").innerHTML = a.mapping.map((m) =>
    `<tr><td>${esc(m.cell)}</td><td>${esc(m.header)}</td><td>${m.target ? esc(m.target) : `<span class="warn">${t("not_imported")}</span>`}</td></tr>`).join("");
  $("#import-unplaced").innerHTML = a.unplaced.length ? `<h3>${t("unplaced")}（${a.unplaced.length}）</h3>` +
    table([t("cell"), t("reason"), t("text")], a.unplaced.map((u) => [u.cell, u.reason, u.text])) : "";
  $("#import-warnings").innerHTML = a.warnings.map((w) => `<li>${esc(w)}</li>`).join("");
}

async function applyImport() {
  showError("");
  $("#import-apply").disabled = true;
  progress(t("importing"));
  const answer = await send("POST", `/api/ledger/${state.ledger.id}/import`, null);
  progress(null);
  $("#import-apply").disabled = false;
  if (answer.error) return showError(answer.error);
  $("#import-panel").hidden = true;
  showLedger(answer);
}

function showLedger(a) {
  state.ledger = a;
  const f = a.figures, o = f.overall;
  $("#ledger").hidden = false;
  $("#ledger-title").textContent = [a.unit, a.inspection].filter(Boolean).join(" · ") || `${t("ledger_of")}：${a.name}`;
  const rate = $("#completion-rate");
  rate.textContent = o.completion_percent;
  rate.dataset.rate = o.completion_rate;
  $("#total-measures").textContent = o.total;
  $("#overdue-count").textContent = o.overdue;
  $("#due-soon-count").textContent = o.due_soon;
  $("#stale-count").textContent = o.stale;
  const count = a.findings.length;
  $("#findings-count").textContent = count;
  $("#findings-count").dataset.count = count;
  $("#as-of").textContent = `${t("as_of")} ${f.as_of} · ${a.name}`;
  $("#month").value = f.month;
  $("#month").max = f.as_of.slice(0, 7);
  $("#dl-imported").hidden = !a.imported;
  $("#dl-results").hidden = !a.writable;
  $("#findings-summary").textContent = `${a.counts.error} ${t("errors")} · ${a.counts.warning} ${t("warnings")} · ${a.counts.info} ${t("infos")}`;
  renderFindings();
  renderFigures();
  renderList();
}

const LIMIT = 500;
function renderFindings() {
  const a = state.ledger, sev = $("#finding-severity").value, words = $("#finding-filter").value.trim().toLowerCase();
  const shown = a.findings.filter((f) => (!sev || f.severity === sev) &&
    (!words || `${f.sheet}!${f.cell} ${f.message} ${f.value}`.toLowerCase().includes(words)));
  if (!a.findings.length) { $("#findings").innerHTML = `<p>${t("no_findings")}</p>`; return; }
  const groups = new Map();
  for (const f of shown.slice(0, LIMIT)) {
    if (!groups.has(f.sheet)) groups.set(f.sheet, []);
    groups.get(f.sheet).push(f);
  }
  const label = { error: T.zh.errors, warning: T.zh.warnings, info: T.zh.infos };
  const sevText = (s) => (state.lang === "en" ? s : label[s]);
  let html = "";
  for (const [sheet, items] of groups) {
    const rows = items.map((f) => `<tr class="${f.severity}"><td>${esc(sevText(f.severity))}</td>` +
      `<td>${esc(f.cell ? `${f.sheet}!${f.cell}` : f.sheet)}</td><td>${esc(f.message)}</td></tr>`).join("");
    html += `<details open><summary>${esc(sheet || "—")}（${items.length}）</summary><table class="findings">` +
      `<thead><tr><th>${t("severity")}</th><th>${t("where")}</th><th>${t("message")}</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  }
  if (shown.length > LIMIT) html += `<p class="muted">${t("more", { n: LIMIT })}</p>`;
  $("#findings").innerHTML = html;
}

function table(heads, rows, numeric = []) {
  return `<thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v, i) => `<td${numeric.includes(i) ? ' class="num"' : ""}>${esc(v)}</td>`).join("")}</tr>`).join("") +
    "</tbody>";
}

function renderFigures() {
  const rows = state.ledger.figures[state.by];
  const nameOf = (r) => (state.by === "aspects" && r.no ? `${r.no} ${r.name}` : r.name);
  const heads = [t("name"), ...(state.by === "people" ? [t("unit")] : []), t("total"), t("done"), t("phase"),
    t("in_progress"), t("not_started"), t("overdue"), t("due_soon"), t("stale"), t("completion")];
  const body = rows.map((r) => [nameOf(r), ...(state.by === "people" ? [r.unit] : []), r.total, r.done, r.phase,
    r.in_progress, r.not_started, r.overdue, r.due_soon, r.stale, r.completion_percent]);
  const first = state.by === "people" ? 2 : 1;
  $("#figures-table").innerHTML = table(heads, body, heads.map((_, i) => i).filter((i) => i >= first));
  const shown = rows.slice(0, 40);
  chart("chart-rate", {
    title: { text: t("rate_chart"), left: "center", textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: "axis" },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: shown.map(nameOf), axisLabel: { width: 110, overflow: "truncate" } },
    series: [{ type: "bar", data: shown.map((r) => Math.round(r.completion_rate * 1000) / 10), itemStyle: { color: "#1565c0" },
      label: { show: true, position: "right", formatter: "{c}%" } }],
  });
  const keys = ["done", "phase", "in_progress", "not_started"], colours = ["#2e7d32", "#81c784", "#1565c0", "#bdbdbd"];
  chart("chart-status", {
    title: { text: t("status_chart"), left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 36, bottom: 32, containLabel: true },
    tooltip: { trigger: "axis" }, xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: shown.map(nameOf), axisLabel: { width: 110, overflow: "truncate" } },
    series: keys.map((k, i) => ({ name: t(k), type: "bar", stack: "s", data: shown.map((r) => r[k]), itemStyle: { color: colours[i] } })),
  });
}

function renderList() {
  const rows = state.ledger.figures[state.list];
  const extra = { overdue: ["days_overdue"], due_soon: ["days_left"], stale: ["last_activity", "days_since"] }[state.list];
  const heads = [t("measure"), t("text"), t("people"), t("unit"), t("deadline"), t("status"), ...extra.map((k) => t(k))];
  const body = rows.map((r) => [r.measure, r.text, r.people.join("、"), r.department, r.deadline || r.deadline_text || "",
    r.status, ...extra.map((k) => r[k] ?? "")]);
  $("#list-table").innerHTML = table(heads, body, extra.map((_, i) => 6 + i).filter((i) => extra[i - 6] !== "last_activity"));
}

function showSummary(s) {
  state.summary = s;
  $("#summary").hidden = false;
  const tot = s.total;
  $("#summary-title").textContent = t("units_title", { n: s.units.length, d: s.as_of, t: tot.total,
    r: tot.completion_percent, o: tot.overdue });
  $("#summary-title").dataset.rate = tot.completion_rate;
  $("#summary-notes").innerHTML = s.duplicates.map((d) => esc(t("duplicate", { name: d.name, files: d.files.join("、") }))).join("<br>");
  $("#units-table").innerHTML = table([t("rank"), t("name"), t("total"), t("done"), t("overdue"), t("due_soon"), t("stale"),
    t("completion"), t("errors"), t("file")],
    s.units.map((u) => [u.rank, u.name, u.total, u.done, u.overdue, u.due_soon, u.stale, u.completion_percent, u.error, u.file]),
    [0, 2, 3, 4, 5, 6, 7, 8]);
  $("#unreadable-table").innerHTML = s.unreadable.length
    ? table([t("file"), t("reason")], s.unreadable.map((u) => [u.file, u.reason])) : `<tbody><tr><td>${t("none")}</td></tr></tbody>`;
  const shown = s.units.slice(0, 40);
  chart("chart-units", {
    title: { text: t("rate_chart"), left: "center", textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: "axis" },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: shown.map((u) => u.name), axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ type: "bar", data: shown.map((u) => Math.round(u.completion_rate * 1000) / 10), itemStyle: { color: "#1565c0" },
      label: { show: true, position: "right", formatter: "{c}%" } }],
  });
}

function chart(id, option) {
  if (typeof echarts === "undefined") return;
  const el = document.getElementById(id);
  const c = state.charts[id] || (state.charts[id] = echarts.init(el, null, { renderer: "canvas" }));
  c.setOption({ animation: false, ...option }, true);
  c.resize();
}

// Sorting: a click on a header sorts its table by that column (numbers as numbers), again to reverse.
document.addEventListener("click", (e) => {
  const th = e.target.closest(".sortable th");
  if (!th) return;
  const tbody = th.closest("table").tBodies[0], i = th.cellIndex, asc = !th.classList.contains("asc");
  th.parentElement.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const key = (tr) => { const v = tr.cells[i].textContent.replace("%", ""); return v !== "" && !isNaN(v) ? Number(v) : v; };
  const rows = [...tbody.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh")) * (asc ? 1 : -1);
  });
  rows.forEach((r) => tbody.appendChild(r));
});

function dropTarget(label, take) {
  label.addEventListener("dragover", (e) => { e.preventDefault(); label.classList.add("over"); });
  label.addEventListener("dragleave", () => label.classList.remove("over"));
  label.addEventListener("drop", (e) => { e.preventDefault(); label.classList.remove("over"); take([...e.dataTransfer.files]); });
}

function tabs(container, attr, onPick) {
  container.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => {
    container.querySelectorAll(".tab").forEach((x) => x.classList.toggle("on", x === b));
    onPick(b.dataset[attr]);
  }));
}

$("#ledger-input").addEventListener("change", (e) => { uploadLedger(e.target.files[0]); e.target.value = ""; });
$("#units-input").addEventListener("change", (e) => { uploadUnits([...e.target.files]); e.target.value = ""; });
dropTarget($("#drop"), (files) => uploadLedger(files[0]));
dropTarget($("#drop-units"), uploadUnits);
$("#import-apply").addEventListener("click", applyImport);
document.querySelectorAll(".downloads button").forEach((b) => b.addEventListener("click", () => fetchDownload(b)));
$("#finding-severity").addEventListener("change", renderFindings);
$("#finding-filter").addEventListener("input", renderFindings);
tabs($("#upload .tabs"), "panel", (p) => { $("#panel-one").hidden = p !== "one"; $("#panel-many").hidden = p !== "many"; });
tabs($("#by-tabs"), "by", (by) => { state.by = by; renderFigures(); });
tabs($("#list-tabs"), "list", (list) => { state.list = list; renderList(); });
$("#lang-switch").addEventListener("click", () => {
  state.lang = state.lang === "en" ? "zh" : "en";
  applyLanguage();
  if (state.ledger && state.ledger.kind === "ledger") { renderFindings(); renderFigures(); renderList(); }
});
window.addEventListener("resize", () => Object.values(state.charts).forEach((c) => c.resize()));
applyLanguage();
