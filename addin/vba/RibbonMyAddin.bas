Attribute VB_Name = "RibbonMyAddin"
' zwgk ribbon callbacks. Every button of addin/ribbon.yaml has
' onAction="RibbonMyAddin.OnAction"; Python decides what the button does.
' Keep this file ASCII only: it is stored in code page 1252.
Option Explicit

Sub OnAction(control As IRibbonControl)
    RunPython "import zwgk.addin as a; a.on_action('" & control.Id & "')"
End Sub
