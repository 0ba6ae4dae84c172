Attribute VB_Name = "RibbonMyAddin"
' zwgk ribbon callbacks. Every button of addin/ribbon.yaml has
' onAction="RibbonMyAddin.OnAction"; Python decides what the button does.
' Keep this file ASCII only: it is stored in code page 1252. Chinese text comes from
' the messages of addin/ribbon.yaml: the build writes them below as hexadecimal UTF-16
' code units (the MSG_ constants), and FromCodes() turns them into a string with ChrW.
' Buttons tagged "noworkbook" need no workbook: one is added when none is open. The
' others need an editable workbook, not one in Protected View.
Option Explicit

' zwgk:messages

Private Const NO_WORKBOOK_TAG As String = "noworkbook"

' VBA's MsgBox shows only what the ANSI code page can hold; MessageBoxW shows any text.
#If VBA7 Then
    Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, _
        ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
    Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, _
        ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

' The ribbon's callback for every button.
Sub OnAction(control As IRibbonControl)
    On Error GoTo Failed
    RunButton control.Id, control.Tag
    Exit Sub
Failed:
    ShowFailure
End Sub

' What a click does, given the button's id and tag; scripts/excel-smoke.ps1 calls it
' through Application.Run, as no ribbon control can be made outside the ribbon.
Sub RunButton(ByVal id As String, ByVal tag As String)
    Dim added As Workbook
    On Error GoTo Failed
    If Not WorkbookReady(tag, added) Then Exit Sub
    RunPython "import zwgk.addin as a; a.on_action('" & id & "')"
    If Not added Is Nothing Then added.Close SaveChanges:=False
    Exit Sub
Failed:
    ShowFailure
End Sub

' One message box for any VBA error, never the Debug button.
Private Sub ShowFailure()
    Say FromCodes(MSG_FAILED) & Err.Description & " (" & Err.Number & ")", vbCritical
End Sub

' A message box titled with the tab's name, in Unicode.
Private Sub Say(ByVal message As String, ByVal icon As Long)
    Dim title As String
    title = FromCodes(MSG_TITLE)
    MessageBoxW Application.Hwnd, StrPtr(message), StrPtr(title), vbOKOnly + icon
End Sub

' True when the button may run. A "noworkbook" button gets a new blank workbook
' (returned in added) when none is open; any other button needs an active
' workbook that is not shown in Protected View.
Private Function WorkbookReady(ByVal tag As String, added As Workbook) As Boolean
    If tag = NO_WORKBOOK_TAG Then
        If ActiveWorkbook Is Nothing Then Set added = Workbooks.Add
        WorkbookReady = True
    ElseIf ActiveWorkbook Is Nothing Or InProtectedView() Then
        Say FromCodes(MSG_NEED_WORKBOOK), vbExclamation
    Else
        WorkbookReady = True
    End If
End Function

' True when the window in front is a Protected View window (Excel 2010 and later;
' Excel 2007 has no such property and no Protected View).
Private Function InProtectedView() As Boolean
    Dim pv As Object
    On Error Resume Next
    Set pv = Application.ActiveProtectedViewWindow
    InProtectedView = Not pv Is Nothing
End Function

' A string from hexadecimal UTF-16 code units separated by spaces ("8BF7 5148").
Private Function FromCodes(ByVal codes As String) As String
    Dim unit As Variant
    For Each unit In Split(codes, " ")
        FromCodes = FromCodes & ChrW(CLng("&H" & unit))
    Next unit
End Function
