@echo off
rem zwgk: check report workbooks without macros.
rem Drag one or more .xlsx files onto this file, or pick it in Explorer's "Send to" menu
rem (zwgk addin install puts it there). For each workbook zwgk writes a checked copy beside
rem it, with problems marked and a result sheet; the original is never changed.
rem This file is ASCII only and never changes the console code page: cmd reads a batch file
rem in the console's code page, so every Chinese word is printed by zwgk (Python) instead.
setlocal
set "ZWGK=zwgk"
if exist "%USERPROFILE%\.zwgk\zwgk-command.txt" set /p ZWGK=<"%USERPROFILE%\.zwgk\zwgk-command.txt"
if "%~1"=="" (
  %ZWGK% addin hint
  pause
  exit /b 2
)
:next
if "%~1"=="" goto done
echo.
echo ==== %~nx1
%ZWGK% check "%~1" --mark --copy
shift
goto next
:done
echo.
pause
