@echo off
rem zwgk: check report workbooks without macros.
rem Drag one or more .xlsx files onto this file, or put it in the "Send to" menu
rem (Win+R, shell:sendto, copy this file there). For each workbook it writes a checked
rem copy beside it, "<name>（已校验）.xlsx", with problems marked and a 校验结果 sheet;
rem the original is never changed.
chcp 65001 >nul
setlocal
set "ZWGK=zwgk"
if exist "%USERPROFILE%\.zwgk\zwgk-command.txt" set /p ZWGK=<"%USERPROFILE%\.zwgk\zwgk-command.txt"
if "%~1"=="" (
  echo 请把要校验的报表工作簿拖到本文件上，或在“发送到”菜单中选择本文件。
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
