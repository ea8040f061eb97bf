Attribute VB_Name = "RectxlRibbon"
' Callbacks of the rectxl ribbon tab (customUI/customUI14.xml): each button runs one
' function of rectxl.excel through xlwings' RunPython (module xlwings in this project).
Option Explicit

Sub ValidateLedger(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.validate()"
End Sub

Sub RefreshFigures(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.refresh_figures()"
End Sub

Sub MarkOverdue(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.mark_overdue()"
End Sub

Sub DraftBriefing(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.draft_briefing()"
End Sub

Sub DraftReminders(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.draft_reminders()"
End Sub

Sub DraftNotice(control As IRibbonControl)
    RunPython "import rectxl.excel; rectxl.excel.draft_notice()"
End Sub
