# zwgk: press every button of the Excel add-in in real Excel and print a pass/fail table.
#
# Run on any Windows PC with Excel 2010 or later and Python 3.11+ on which zwgk is installed
# with its add-in extra (pip install "zwgk[addin]", or pip install -e ".[addin]" in a checkout):
#
#     powershell -ExecutionPolicy Bypass -File scripts\excel-smoke.ps1 [-Python C:\path\python.exe] [-Keep]
#
# It starts an Excel of its own (your open workbooks are not touched), builds
# zwgk.xlam into a temporary folder, compiles its VBA, presses each button on a copy of a sample
# report and checks what each one wrote back (scripts/excel_smoke.py has the details). For the
# run only, it turns on "Trust access to the VBA project object model" and puts your setting
# back afterwards. Dialogs of Excel and Python are read and closed automatically: do not click
# in Excel while it runs (about a minute). Exit code 0 when every row says PASS.
# This file is ASCII only (Windows PowerShell 5 reads scripts in the ANSI code page).
param(
    [string]$Python = "python",
    [switch]$Keep
)
$ErrorActionPreference = "Stop"

if (-not [type]::GetTypeFromProgID("Excel.Application")) {
    Write-Host "FAIL  Excel is not installed (no Excel.Application COM class)."
    exit 2
}
& $Python -c "import sys, zwgk, xlwings; assert sys.version_info >= (3, 11)"
if ($LASTEXITCODE -ne 0) {
    Write-Host "FAIL  '$Python' is not Python 3.11+ with zwgk and its add-in extra installed (pip install 'zwgk[addin]')."
    exit 2
}
& $Python -c "import win32com.client"
if ($LASTEXITCODE -ne 0) {
    Write-Host "pywin32 is missing; installing it for this user."
    & $Python -m pip install --user pywin32
    if ($LASTEXITCODE -ne 0) { exit 2 }
}
$smoke = Join-Path $PSScriptRoot "excel_smoke.py"
$arguments = @($smoke)
if ($Keep) { $arguments += "--keep" }
& $Python @arguments
exit $LASTEXITCODE
