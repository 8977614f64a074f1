; Accolades Connector: additions to electron-builder's NSIS installer.
;
; 1. Registers the app as a handler for tel: and callto: links, with Capabilities and a
;    RegisteredApplications entry so it is listed in Settings > Apps > Default apps. The
;    user (or the admin's default-associations policy) chooses it; Windows does not let an
;    installer take the choice itself. SHCTX is HKCU for a per-user install and HKLM for a
;    per-machine (/allusers) install. electron/core/platform/windows-protocol-registry.ts
;    describes the same values as data; a packaging test checks that both agree.
; 2. /POLICY=<path> copies an admin policy file to %ProgramData%\Accolades Connector\policy.json.
;    It needs a per-machine install, because only then is the file out of the agents' reach:
;      "Accolades Connector-Setup-1.0.0.exe" /S /allusers /POLICY="\\server\share\policy.json"
;    A missing file is an error (exit code 2), never silently skipped.

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define ACCOLADES_POLICY_FOLDER "Accolades Connector"
!define ACCOLADES_CAPABILITIES "Software\Accolades\${PRODUCT_NAME}\Capabilities"

; Fails the installer early, before any file is written, with a message and exit code 2.
!macro accoladesFail MESSAGE
  MessageBox MB_ICONSTOP|MB_OK "${MESSAGE}" /SD IDOK
  SetErrorLevel 2
  Quit
!macroend

!macro customInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/POLICY=" $R1
  ${IfNot} ${Errors}
    ${If} $R1 == ""
      !insertmacro accoladesFail "/POLICY= needs the path of a policy.json file."
    ${EndIf}
    ${IfNot} ${FileExists} "$R1"
      !insertmacro accoladesFail "The policy file given with /POLICY= was not found: $R1"
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/allusers" $R2
    ${If} ${Errors}
      !insertmacro accoladesFail "/POLICY= needs a per-machine install: add /allusers."
    ${EndIf}
  ${EndIf}
!macroend

!macro customInstall
  ; --- tel: ---
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.tel" "" "tel: link (${PRODUCT_NAME})"
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.tel" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.tel\DefaultIcon" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.tel\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\tel" "" "URL:tel"
  WriteRegStr SHCTX "Software\Classes\tel" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\tel\DefaultIcon" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\tel\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  ; --- callto: ---
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.callto" "" "callto: link (${PRODUCT_NAME})"
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.callto" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.callto\DefaultIcon" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\AccoladesConnector.callto\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\callto" "" "URL:callto"
  WriteRegStr SHCTX "Software\Classes\callto" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\callto\DefaultIcon" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\callto\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  ; --- Default apps ---
  WriteRegStr SHCTX "${ACCOLADES_CAPABILITIES}" "ApplicationName" "${PRODUCT_NAME}"
  WriteRegStr SHCTX "${ACCOLADES_CAPABILITIES}" "ApplicationDescription" "Click-to-call and CRM screen-pops for the Accolades phone service"
  WriteRegStr SHCTX "${ACCOLADES_CAPABILITIES}" "ApplicationIcon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "${ACCOLADES_CAPABILITIES}\URLAssociations" "tel" "AccoladesConnector.tel"
  WriteRegStr SHCTX "${ACCOLADES_CAPABILITIES}\URLAssociations" "callto" "AccoladesConnector.callto"
  WriteRegStr SHCTX "Software\RegisteredApplications" "${PRODUCT_NAME}" "${ACCOLADES_CAPABILITIES}"
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; --- /POLICY=<file> (checked in customInit) ---
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/POLICY=" $R1
  ${IfNot} ${Errors}
    ${If} $installMode != "all"
      !insertmacro accoladesFail "/POLICY= needs a per-machine install: add /allusers."
    ${EndIf}
    ReadEnvStr $R2 "PROGRAMDATA"
    ${If} $R2 == ""
      StrCpy $R2 "$WINDIR\..\ProgramData"
    ${EndIf}
    CreateDirectory "$R2\${ACCOLADES_POLICY_FOLDER}"
    ; Only administrators and SYSTEM may change the policy; agents may read it. Without this the
    ; folder would inherit ProgramData's "users may create files" permission.
    nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$R2\${ACCOLADES_POLICY_FOLDER}" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $R3
    ClearErrors
    CopyFiles /SILENT "$R1" "$R2\${ACCOLADES_POLICY_FOLDER}\policy.json"
    ${If} ${Errors}
      !insertmacro accoladesFail "Could not copy the policy file $R1 to $R2\${ACCOLADES_POLICY_FOLDER}\policy.json"
    ${EndIf}
    DetailPrint "Policy file installed: $R2\${ACCOLADES_POLICY_FOLDER}\policy.json"
  ${EndIf}
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first; keep the registration then.
  ${IfNot} ${isUpdated}
    DeleteRegKey SHCTX "Software\Classes\AccoladesConnector.tel"
    DeleteRegKey SHCTX "Software\Classes\AccoladesConnector.callto"
    ; The scheme keys go only if they still point to this installation.
    ReadRegStr $R0 SHCTX "Software\Classes\tel\shell\open\command" ""
    ${If} $R0 == '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
      DeleteRegKey SHCTX "Software\Classes\tel"
    ${EndIf}
    ReadRegStr $R0 SHCTX "Software\Classes\callto\shell\open\command" ""
    ${If} $R0 == '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
      DeleteRegKey SHCTX "Software\Classes\callto"
    ${EndIf}
    DeleteRegValue SHCTX "Software\RegisteredApplications" "${PRODUCT_NAME}"
    DeleteRegKey SHCTX "Software\Accolades\${PRODUCT_NAME}"
    DeleteRegKey /ifempty SHCTX "Software\Accolades"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
    ; The machine policy file belongs to the admin and stays.
  ${EndIf}
!macroend
