; Incident Desk for Windows: a per-user installer (no administrator rights) made with Inno Setup 6.
; Built by `python packaging/build.py inno`, which passes AppVersion/NumericVersion (from pyproject.toml) and
; RootDir; it packs the same PyInstaller onedir bundle (dist\incident-desk) that the Linux build smoke-tests.
; No file associations. Uninstalling removes the program and keeps the user's data folder, and says so.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (packaging/build.py does)
#endif
#ifndef NumericVersion
  #define NumericVersion "0.0.0.0"
#endif
#ifndef RootDir
  #define RootDir "..\.."
#endif
#define AppName "Incident Desk"
#define ExeName "incident-desk.exe"
; platformdirs.user_data_dir("IncidentDesk", "IncidentDesk", roaming=True), as in app/paths.py
#define UserDataDir "{userappdata}\IncidentDesk\IncidentDesk"

[Setup]
; uuid5(DNS, "org.incidentdesk.IncidentDesk"): keep it fixed so upgrades replace the installed version
AppId={{B60CAA33-BC59-55F5-AB53-1EE1163F2D94}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Incident Desk developers
VersionInfoVersion={#NumericVersion}
VersionInfoProductVersion={#NumericVersion}
; Per user, never elevated: installs to %LOCALAPPDATA%\Programs\Incident Desk
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=no
ChangesEnvironment=no
CloseApplications=yes
RestartApplications=no
SetupIconFile={#RootDir}\build\icons\incident-desk.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
OutputBaseFilename=IncidentDesk-{#AppVersion}-windows-x64-setup
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nYour incidents and settings are kept: uninstalling does not delete your data folder.

[CustomMessages]
english.DataKept=Incident Desk was removed. Your incidents, backups and settings were kept in:%n%n%1%n%nDelete that folder yourself if you no longer need them.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade must not leave libraries of the previous version beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#RootDir}\dist\incident-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; Comment: "ITIL incident management"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{#UserDataDir}');
    if DirExists(DataDir) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK, IDOK);
  end;
end;
