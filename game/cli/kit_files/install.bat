@echo off
rem fanzha offline installer for Windows. ASCII only, so it runs in any cmd
rem code page (936/GBK or 65001); the Chinese messages come from Python.
setlocal
set "HERE=%~dp0"
set "PY="
py -3 -c "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)" >nul 2>nul
if not errorlevel 1 set "PY=py -3"
if defined PY goto found
python -c "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)" >nul 2>nul
if not errorlevel 1 set "PY=python"
if defined PY goto found
echo.
echo Python 3.10 or newer was not found on this PC.
echo Install it from https://www.python.org/downloads/windows/ (Windows installer, 64-bit),
echo tick "Add python.exe to PATH" on the first page, then run install.bat again.
echo.
pause
exit /b 1
:found
%PY% "%HERE%install_kit.py" %*
set "RC=%ERRORLEVEL%"
echo.
pause
exit /b %RC%
