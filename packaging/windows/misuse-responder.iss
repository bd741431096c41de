; Misuse Responder: the per-user Windows installer (Inno Setup 6). No administrator rights:
; it installs for the user who runs it, under %LOCALAPPDATA%\Programs, with a Start-menu
; shortcut (a desktop icon only if ticked). Uninstalling removes the app's folder and keeps the
; cases, which live apart in %LOCALAPPDATA%\MisuseResponder (platformdirs' user data folder,
; store/paths.py), unless the user asks, and confirms, that they go too. A silent uninstall
; (IT, Intune, SCCM) always keeps them.
;
; Built by .github/workflows/windows-installer.yml after the PyInstaller build:
;   iscc /DAppVersion=0.1.0 /DDistDir=C:\src\dist\misuse-responder /DOutputDir=C:\src\dist ^
;        [/DSetupIcon=C:\src\build\misuse-responder.ico] [/Ssign="signtool sign ... $f" /DSignTool=sign] ^
;        packaging\windows\misuse-responder.iss
; Not run on the Linux machine the project is developed on: see packaging/README.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\misuse-responder"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Misuse Responder"
#define AppExe "misuse-responder.exe"
; The app's data folder and this laptop's record of each store's audit head (store/anchor.py).
#define DataDir "{localappdata}\MisuseResponder"
#define SeenDir "{localappdata}\MisuseResponder-LastSeen"

[Setup]
; Never change AppId: it is how a newer installer finds the installed copy to update.
AppId={{6B1D3E52-7C0A-4F8E-9B44-2C5D7A9E1F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
; No "install for all users" choice: a school laptop's user has no admin rights anyway.
UsedUserAreasWarning=no
; "x64compatible" is Inno Setup 6.3's name (it also runs on Arm64 Windows' x64 emulation);
; an older ISCC knows only "x64".
#if VER >= EncodeVer(6, 3, 0)
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#else
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
#endif
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=misuse-responder-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; Files in use (the app still open) are found through the Restart Manager and the user is
; asked to close it, rather than half an update being installed.
CloseApplications=yes
RestartApplications=no
#ifdef SetupIcon
SetupIconFile={#SetupIcon}
#endif
#ifdef SignTool
; Code signing (AppLocker/WDAC and SmartScreen need it): the installer and its uninstaller are
; signed by the tool given to ISCC with /S<name>=... and /DSignTool=<name>.
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle, so no file of an older version is left to be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Anything left in the app's own folder (the app never writes there; this is for leftovers).
; Not in portable mode, where the cases may sit beside the app: then the folder stays.
Type: filesandordirs; Name: "{app}"; Check: not IsPortable

[Code]
var
  DeleteCases: Boolean;

{ Portable mode (store/paths.py): portable.txt beside the program puts the cases in
  MisuseResponder-data beside it; such a folder is never deleted wholesale. }
function IsPortable: Boolean;
begin
  Result := FileExists(ExpandConstant('{app}\portable.txt')) or
    DirExists(ExpandConstant('{app}\MisuseResponder-data'));
end;

function InitializeUninstall: Boolean;
begin
  Result := True;
  DeleteCases := False;
  { IT's silent uninstall never deletes cases; nor does one with no cases to delete. }
  if UninstallSilent or not DirExists(ExpandConstant('{#DataDir}')) then
    Exit;
  if MsgBox('Also delete your cases?' + #13#10 + #13#10 +
      'Your cases are kept in ' + ExpandConstant('{#DataDir}') + ', apart from the app. ' +
      'If you keep them, installing Misuse Responder again finds them.' + #13#10 + #13#10 +
      'Choose No to keep them (recommended).',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DeleteCases := MsgBox('This deletes every case, all evidence and the audit trail, for ever. ' +
        'Nobody can get them back.' + #13#10 + #13#10 +
        'If the school may need them, choose No, open Misuse Responder and make a backup first.' +
        #13#10 + #13#10 + 'Delete every case now?',
        mbError, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteCases then
  begin
    DelTree(ExpandConstant('{#DataDir}'), True, True, True);
    DelTree(ExpandConstant('{#SeenDir}'), True, True, True);
    if DirExists(ExpandConstant('{#DataDir}')) then
      MsgBox('Some of your cases could not be deleted (is Misuse Responder still open?). ' +
        'They are in ' + ExpandConstant('{#DataDir}') + '.', mbError, MB_OK);
  end;
end;
