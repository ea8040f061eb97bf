Attribute VB_Name = "RectxlRibbon"
' Callbacks of the rectxl ribbon tab (customUI/customUI14.xml). Each button first checks, here in
' VBA, that the Python xlwings will start exists, is not the Microsoft Store placeholder and has
' rectxl and the xlwings release of this workbook (PythonReady); when not, a Chinese MsgBox says
' how to fix it. Then it runs one function of rectxl.excel through xlwings' RunPython (module
' xlwings in this project), which ends in a Chinese alert of its own.
' Chinese text is written as \uXXXX escapes (Zh) so that this module stays ASCII: the project's
' code page then doesn't matter.
Option Explicit

Sub ValidateLedger(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.validate()"
End Sub

Sub RefreshFigures(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.refresh_figures()"
End Sub

Sub MarkOverdue(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.mark_overdue()"
End Sub

Sub DraftBriefing(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.draft_briefing()"
End Sub

Sub DraftReminders(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.draft_reminders()"
End Sub

Sub DraftNotice(control As IRibbonControl)
    If PythonReady() Then RunPython "import rectxl.excel; rectxl.excel.draft_notice()"
End Sub

' True when the configured Python looks able to run rectxl; else a Chinese MsgBox and False.
Function PythonReady() As Boolean
    Dim problem As String
    problem = PythonProblem(ConfiguredPython())
    If problem <> "" Then MsgBox problem, vbExclamation, Message("title")
    PythonReady = (problem = "")
End Function

' The interpreter RunPython starts: the xlwings.conf sheet first, then xlwings' config files.
Private Function ConfiguredPython() As String
    #If Mac Then
        ConfiguredPython = GetConfig("INTERPRETER_MAC", "")
    #Else
        ConfiguredPython = GetConfig("INTERPRETER_WIN", "")
    #End If
    If ConfiguredPython = "" Then ConfiguredPython = GetConfig("INTERPRETER", "python")
End Function

' What is wrong with the interpreter (in Chinese, with the fix), or "" when nothing is found wrong.
' On a Mac the check is left to xlwings; an unusual layout (no site-packages found) to Python.
Function PythonProblem(ByVal interpreter As String) As String
    #If Mac Then
        PythonProblem = ""
    #Else
        Dim fso As Object
        Set fso = CreateObject("Scripting.FileSystemObject")
        interpreter = Trim$(Replace(interpreter, Chr(34), ""))
        If LCase$(interpreter) = "python" Or LCase$(interpreter) = "pythonw" Then
            interpreter = FindOnPath(fso, interpreter & ".exe")
            If interpreter = "" Then
                PythonProblem = Message("notOnPath") & Message("fix")
                Exit Function
            End If
        End If
        If IsStoreStub(interpreter) Then
            PythonProblem = Message("stub", interpreter) & Message("fix")
        ElseIf Not fso.FileExists(interpreter) Then
            PythonProblem = Message("missing", interpreter) & Message("fix")
        ElseIf Installed(fso, interpreter, "rectxl-*.dist-info") = 0 Then
            PythonProblem = Message("noRectxl", interpreter) & Message("fix")
        ElseIf Installed(fso, interpreter, "xlwings-" & XLWINGS_VERSION & ".dist-info") = 0 Then
            PythonProblem = Message("noXlwings", interpreter) & Message("pip", interpreter)
        Else
            PythonProblem = ""
        End If
    #End If
End Function

' The Microsoft Store's python.exe placeholders live in %LOCALAPPDATA%\Microsoft\WindowsApps.
Private Function IsStoreStub(ByVal path As String) As Boolean
    IsStoreStub = InStr(1, LCase$(path), "\microsoft\windowsapps\", vbBinaryCompare) > 0
End Function

' The first exe of that name on PATH, a Store placeholder only when there is nothing else.
Private Function FindOnPath(fso As Object, ByVal exe As String) As String
    Dim part As Variant, candidate As String, placeholder As String
    For Each part In Split(Environ("PATH"), ";")
        If Len(part) > 0 Then
            candidate = fso.BuildPath(part, exe)
            If fso.FileExists(candidate) Then
                If Not IsStoreStub(candidate) Then
                    FindOnPath = candidate
                    Exit Function
                End If
                If placeholder = "" Then placeholder = candidate
            End If
        End If
    Next part
    FindOnPath = placeholder
End Function

' 1 when a folder named like pattern is in one of the interpreter's site-packages folders (its own,
' its virtual environment's, the user's), 0 when not, -1 when no site-packages folder was found.
Private Function Installed(fso As Object, ByVal interpreter As String, ByVal pattern As String) As Integer
    Dim folders As New Collection, folder As Variant, entry As Object, home As String, userPython As Object
    home = fso.GetParentFolderName(interpreter)
    folders.Add fso.BuildPath(home, "Lib\site-packages")
    folders.Add fso.BuildPath(fso.GetParentFolderName(home), "Lib\site-packages")
    If fso.FolderExists(fso.BuildPath(Environ("APPDATA"), "Python")) Then
        For Each userPython In fso.GetFolder(fso.BuildPath(Environ("APPDATA"), "Python")).SubFolders
            folders.Add fso.BuildPath(userPython.path, "site-packages")
        Next userPython
    End If
    Installed = -1
    For Each folder In folders
        If fso.FolderExists(folder) Then
            Installed = 0
            For Each entry In fso.GetFolder(folder).SubFolders
                If LCase$(entry.Name) Like LCase$(pattern) Then
                    Installed = 1
                    Exit Function
                End If
            Next entry
        End If
    Next folder
End Function

' A message by key, its {0} replaced by arg and {1} by this workbook's xlwings release.
Private Function Message(ByVal key As String, Optional ByVal arg As String = "") As String
    Dim s As String
    Select Case key

    Case "missing"  ' the configured interpreter does not exist
        s = s & "\u627e\u4e0d\u5230 Python\uff1a\u201cxlwings.conf\u201d\u8868\u4e2d In"
        s = s & "terpreter_Win \u586b\u5199\u7684 {0} \u4e0d\u5b58\u5728\u3002"
    Case "stub"  ' the interpreter is the Microsoft Store's python.exe placeholder
        s = s & "{0} \u662f Windows \u5e94\u7528\u5546\u5e97\u7684 Python \u5360\u4f4d\u7a0b"
        s = s & "\u5e8f\uff0c\u4e0d\u662f\u5df2\u5b89\u88c5\u7684 Python\u3002"
    Case "notOnPath"  ' Interpreter_Win is blank and no python.exe is on PATH
        s = s & "\u627e\u4e0d\u5230 Python\uff1a\u201cxlwings.conf\u201d\u8868\u4e2d\u7684"
        s = s & " Interpreter_Win \u672a\u586b\u5199\uff0c\u7cfb\u7edf\u4e2d\u4e5f\u627e"
        s = s & "\u4e0d\u5230 python.exe\u3002"
    Case "noRectxl"  ' rectxl is not installed in that Python
        s = s & "{0} \u4e2d\u6ca1\u6709\u5b89\u88c5 rectxl\u3002"
    Case "noXlwings"  ' that Python lacks the xlwings release this workbook's VBA module is (placeholder {1})
        s = s & "{0} \u4e2d\u6ca1\u6709\u5b89\u88c5\u672c\u5de5\u4f5c\u7c3f\u6240\u9700"
        s = s & "\u7684 xlwings {1}\uff08\u672a\u5b89\u88c5\u6216\u7248\u672c\u4e0d\u540c"
        s = s & "\uff09\u3002"
    Case "fix"  ' how to fix: the installer, or pip install and Interpreter_Win; rectxl doctor
        s = s & "\n\n\u89e3\u51b3\u529e\u6cd5\uff1a\u8fd0\u884c rectxl \u5b89\u88c5\u7a0b"
        s = s & "\u5e8f\uff1b\u6216\u5b89\u88c5 Python 3.11 \u4ee5\u4e0a\u7248\u672c\uff0c"
        s = s & "\u5728\u547d\u4ee4\u884c\u6267\u884c pip install rectxl\uff08\u6216 pi"
        s = s & "p install rectxl \u6240\u5728\u6587\u4ef6\u5939\uff09\uff0c\u518d\u628a"
        s = s & " python.exe \u7684\u5b8c\u6574\u8def\u5f84\uff08\u4f8b\u5982 C:\Users\"
        s = s & "\u7528\u6237\u540d\AppData\Local\Programs\Python\Python311\python.exe\uff09"
        s = s & "\u586b\u5165\u201cxlwings.conf\u201d\u8868\u7684 Interpreter_Win\u3002"
        s = s & "\n\u5728\u547d\u4ee4\u884c\u8fd0\u884c rectxl doctor \u672c\u5de5\u4f5c"
        s = s & "\u7c3f.xlsm \u53ef\u9010\u9879\u68c0\u67e5\u3002"
    Case "pip"  ' how to fix a missing or different xlwings
        s = s & "\n\n\u89e3\u51b3\u529e\u6cd5\uff1a\u5728\u547d\u4ee4\u884c\u6267\u884c"
        s = s & " {0} -m pip install xlwings=={1}\uff08\u6216\u91cd\u65b0\u8fd0\u884c r"
        s = s & "ectxl \u5b89\u88c5\u7a0b\u5e8f\uff09\u3002\n\u5728\u547d\u4ee4\u884c\u8fd0"
        s = s & "\u884c rectxl doctor \u672c\u5de5\u4f5c\u7c3f.xlsm \u53ef\u9010\u9879\u68c0"
        s = s & "\u67e5\u3002"
    Case "title"  ' the MsgBox title
        s = s & "\u6574\u6539\u53f0\u8d26"
    End Select
    s = Replace(Zh(s), "{0}", arg)
    Message = Replace(s, "{1}", XLWINGS_VERSION)
End Function

' Text with \uXXXX escapes (four hex digits) turned into the characters they name; "\n" a line break.
Function Zh(ByVal s As String) As String
    Dim i As Long, out As String
    i = 1
    Do While i <= Len(s)
        If Mid$(s, i, 2) = "\u" And i + 5 <= Len(s) Then
            out = out & ChrW(CLng("&H" & Mid$(s, i + 2, 4)))
            i = i + 6
        ElseIf Mid$(s, i, 2) = "\n" Then
            out = out & vbLf
            i = i + 2
        Else
            out = out & Mid$(s, i, 1)
            i = i + 1
        End If
    Loop
    Zh = out
End Function
