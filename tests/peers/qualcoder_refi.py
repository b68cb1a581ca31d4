"""Checks a .qdpx with QualCoder's own REFI-QDA importer, and makes QualCoder exports, without
QualCoder's GUI. Not part of `cargo test`: it needs a QualCoder source checkout, which stays out
of this repository. PyQt6 and QualCoder's GUI helpers are replaced by stand-ins that answer file
dialogs with the paths given here; the project database is made with QualCoder's own CREATE
TABLE statements, read from its __main__.py. Python 3.10+, standard library only.

  git clone https://github.com/ccbogel/QualCoder /tmp/QualCoder
  export QC_SRC=/tmp/QualCoder/src/qualcoder
  claimscope export projects/soleimani.ron --format qdpx -o /tmp/sample.qdpx
  python3 tests/peers/qualcoder_refi.py import /tmp/sample.qdpx
      -> what arrived in QualCoder: sources, codes, categories, codings (and how many sit at
         the text they quote), coding memos, coders, annotations (notes on passages)
  python3 tests/peers/qualcoder_refi.py roundtrip /tmp/sample.qdpx /tmp/out/qualcoder-sample.qdpx
      -> the same, then QualCoder's own export of what it imported
"""
import ast, builtins, os, sqlite3, sys, types, tempfile, shutil, json

QC = os.environ.get("QC_SRC", "/tmp/QualCoder/src/qualcoder")
builtins._ = lambda s: s

class Any:
    def __init__(self, *a, **k): pass
    def __getattr__(self, n): return Any()
    def __call__(self, *a, **k): return Any()
    def __or__(self, o): return self
    def __and__(self, o): return self
    def __invert__(self): return self
    def isChecked(self): return False
    def exec(self): return 1

STATE = {"open": None, "dir": None}
class QFileDialog(Any):
    Option = Any()
    @staticmethod
    def getOpenFileName(*a, **k): return (STATE["open"], "ok")
    @staticmethod
    def getExistingDirectory(*a, **k): return STATE["dir"]

qtw = types.ModuleType("PyQt6.QtWidgets")
qtw.QDialog = type("QDialog", (Any,), {})
qtw.QProgressDialog = type("QProgressDialog", (Any,), {})
qtw.QFileDialog = QFileDialog
qtw.__getattr__ = lambda n: Any
qtc = types.ModuleType("PyQt6.QtCore"); qtc.__getattr__ = lambda n: Any()
pyqt = types.ModuleType("PyQt6"); pyqt.QtWidgets = qtw; pyqt.QtCore = qtc
sys.modules.update({"PyQt6": pyqt, "PyQt6.QtWidgets": qtw, "PyQt6.QtCore": qtc})

pkg = types.ModuleType("qcstub"); pkg.__path__ = []; sys.modules["qcstub"] = pkg
cs = types.ModuleType("qcstub.color_selector"); cs.colors = ["#F4FA58"] * 120; cs.color_matcher = lambda c: c
helpers = types.ModuleType("qcstub.helpers")
class Message(Any): pass
helpers.Message = Message
gui = types.ModuleType("qcstub.GUI"); gui.__path__ = []
endings = types.ModuleType("qcstub.GUI.ui_dialog_refi_export_endings")
endings.Ui_Dialog_refi_export_line_endings = type("U", (Any,), {})
sys.modules.update({"qcstub.color_selector": cs, "qcstub.helpers": helpers, "qcstub.GUI": gui,
                    "qcstub.GUI.ui_dialog_refi_export_endings": endings})
src = open(os.path.join(QC, "refi.py"), encoding="utf-8").read()
refi = types.ModuleType("qcstub.refi"); refi.__package__ = "qcstub"; refi.__file__ = "refi.py"
sys.modules["qcstub.refi"] = refi
exec(compile(src, "refi.py", "exec"), refi.__dict__)

def schema():
    """QualCoder's CREATE TABLE statements, from its own project-creation code."""
    tree = ast.parse(open(os.path.join(QC, "__main__.py"), encoding="utf-8").read())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "execute" and node.args:
            try:
                sql = ast.literal_eval(node.args[0])
            except Exception:
                continue
            if isinstance(sql, str) and sql.strip().upper().startswith("CREATE TABLE") and sql not in out:
                name = sql.split()[2].split("(")[0]
                if name not in [o.split()[2].split("(")[0] for o in out]:
                    out.append(sql)
    return out

class TextEdit:
    def __init__(self): self.lines = []
    def append(self, s): self.lines.append(str(s))

def new_app(folder, name="project.qda"):
    os.makedirs(os.path.join(folder, "documents"), exist_ok=True)
    conn = sqlite3.connect(os.path.join(folder, "data.qda"))
    for sql in schema():
        conn.execute(sql)
    conn.execute("insert into project (databaseversion, date, memo, about, codername) values ('v11', '2026-01-01 00:00:00', '', '', 'default')")
    # The views QualCoder makes in update_coder_names (every coder visible here).
    for t in ["code_image", "code_text", "code_av", "annotation"]:
        conn.execute(f"create view {t}_visible as select * from {t}")
    conn.commit()
    app = types.SimpleNamespace(
        conn=conn, project_path=folder, project_name=name, version="QualCoder 4.0 Beta (source at commit c3204641, run headless)",
        settings={"directory": folder, "codername": "default", "ai_enable": "False", "fontsize": 10, "font": "x"},
        ai_models=[], project_events=None, write_config_ini=lambda *a: None,
    )
    app.get_annotations = lambda: [dict(zip(("anid", "fid", "pos0", "pos1", "memo", "owner", "date"), r))
                                   for r in conn.execute("select anid, fid, pos0, pos1, memo, owner, date from annotation")]
    return app

def report(app):
    c = app.conn
    sources = c.execute("select id, name, fulltext from source").fetchall()
    text = {i: t or "" for i, _, t in sources}
    codings = c.execute("select cid, fid, seltext, pos0, pos1, owner, memo from code_text").fetchall()
    at_text = sum(1 for _, f, s, a, b, _, _ in codings if text.get(f, "")[a:b] == s)
    codes = c.execute("select name from code_name").fetchall()
    cats = c.execute("select name from code_cat").fetchall()
    return {
        "sources": len(sources),
        "codes": len(codes), "categories": len(cats),
        "codings": len(codings), "codings_at_their_text": at_text,
        "coding_memos": sum(1 for r in codings if r[6]),
        "owners": sorted({r[5] for r in codings}),
        "annotations": c.execute("select count(*) from annotation").fetchone()[0],
        "journals": c.execute("select count(*) from journal").fetchone()[0],
        "code_names": sorted(n for (n,) in codes),
    }

def do_import(path, folder):
    app = new_app(folder)
    STATE["open"] = path
    log = TextEdit()
    refi.RefiImport(app, log, "qdpx")
    app.conn.commit()
    return app, log

if __name__ == "__main__":
    cmd = sys.argv[1]
    work = tempfile.mkdtemp()
    os.environ["HOME"] = work
    os.makedirs(os.path.join(work, ".qualcoder"), exist_ok=True)
    app, log = do_import(os.path.abspath(sys.argv[2]), os.path.join(work, "imported"))
    r = report(app)
    print(json.dumps(r, indent=1, ensure_ascii=False))
    errors = [l for l in log.lines if "rror" in l]
    if errors:
        print("LOG ERRORS:", errors)
    if cmd == "roundtrip":
        out = os.path.abspath(sys.argv[3])
        STATE["dir"] = os.path.dirname(out)
        app.project_name = os.path.basename(out)[:-5] + ".qda"
        refi.RefiExport(app, TextEdit(), "project")
        print("exported", out, os.path.exists(out))
