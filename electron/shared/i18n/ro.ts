// Romanian strings: the same keys as en.ts (the type makes a missing key a compile error).
import type { Strings } from './en.js';

export const ro: Strings = {
  'app.name': 'Accolades Connector',

  'status.connecting': 'Conectare la Accolades…',
  'status.authenticating': 'Autentificare la Accolades…',
  'status.connected': 'Conectat: apelurile vor deschide fișa din CRM.',
  'status.waiting-for-agent-login':
    'Autentificați-vă în pagina Accolades Agent din browser; se reîncearcă.',
  'status.ip-mismatch':
    'Browserul și acest calculator ajung la Accolades prin rețele diferite (VPN sau proxy?); se reîncearcă.',
  'status.slot-taken':
    'Conexiunea Accolades este ocupată de alt conector (altă copie sau conectorul din pagina Accolades); se reîncearcă.',
  'status.auth-rejected': 'Accolades a refuzat conexiunea ({detail}); se reîncearcă rar.',
  'status.backing-off': 'Conexiunea s-a întrerupt; se reîncearcă în curând.',
  'status.backing-off.refused':
    'Serverul Accolades de la {endpoint} nu poate fi contactat (conexiune refuzată); se reîncearcă în {seconds} s.',
  'status.backing-off.dns':
    'Serverul Accolades {host} nu a fost găsit (verificați adresa serverului și rețeaua); se reîncearcă în {seconds} s.',
  'status.backing-off.tls':
    'Conexiunea securizată cu serverul Accolades de la {endpoint} a eșuat ({cause}); se reîncearcă în {seconds} s.',
  'status.backing-off.timeout':
    'Serverul Accolades de la {endpoint} nu a răspuns la timp; se reîncearcă în {seconds} s.',
  'status.backing-off.unreachable':
    'Serverul Accolades de la {endpoint} nu poate fi contactat ({cause}); se reîncearcă în {seconds} s.',
  'status.backing-off.lost':
    'Conexiunea cu Accolades s-a întrerupt ({cause}); se reîncearcă în {seconds} s.',
  'status.backing-off.silent':
    'Conexiunea cu Accolades nu mai răspunde; se reîncearcă în {seconds} s.',
  'status.needs-configuration': 'Introduceți ID-ul CRM în Setări pentru a vă conecta.',
  'status.stopped': 'Oprit.',
  'status.paused-suffix': '(deschiderea fișelor este în pauză)',

  'tray.tooltip': 'Accolades Connector: {status}',
  'tray.reconnect': 'Reconectează acum',
  'tray.pause': 'Pune în pauză deschiderea fișelor',
  'tray.resume': 'Reia deschiderea fișelor',
  'tray.recentCalls': 'Apeluri recente',
  'tray.noRecentCalls': 'Niciun apel încă',
  'tray.openContactAgain': 'Deschide din nou contactul',
  'tray.callBack': 'Sună înapoi',
  'tray.callNumber': 'Sună un număr…',
  'tray.callClipboard': 'Sună numărul din clipboard',
  'tray.settings': 'Setări…',
  'tray.rules': 'Reguli…',
  'tray.history': 'Istoricul apelurilor…',
  'tray.openLogFolder': 'Deschide dosarul de jurnale',
  'tray.about': 'Despre',
  'tray.quit': 'Ieșire',

  'tray.bridgeClientBrowser': 'CRM în browser: {origin}',
  'tray.bridgeClientLocal': 'Program local',
  'tray.bridgeClientWaiting': '{client} (încă neautentificat)',
  'tray.browserTab.connected': 'Fila din browser: conectată ({browser})',
  'tray.browserTab.notConnected': 'Fila din browser: neconectată',
  'tray.problem.bridge': 'Puntea locală: {message}',
  'tray.problem.pairing': 'Asociere: {message}',
  'tray.problem.lookup': 'Nume apelanți: {message}',

  'pairing.title': 'Pagina Accolades Agent',
  'pairing.question': 'Folosiți ID-ul CRM din pagina Accolades Agent?',
  'pairing.questionWithServer':
    'Folosiți ID-ul CRM din pagina Accolades Agent și serverul acesteia, {server}?',
  'pairing.detail': 'ID CRM: {crmId}. Trimis de {origin}.',
  'pairing.yes': 'Folosește-l',
  'pairing.no': 'Nu acum',
  'pairing.notSaved': 'ID-ul CRM nu a fost schimbat: {reason}',

  'direction.inbound': 'Primit',
  'direction.outbound': 'Efectuat',
  'number.withheld': 'Număr ascuns',

  'notification.inboundTitle': 'Apel primit: {number}',
  'notification.outboundTitle': 'Apel efectuat: {number}',
  'notification.inboundTitleNamed': 'Apel primit: {name} ({number})',
  'notification.outboundTitleNamed': 'Apel efectuat: {name} ({number})',
  'notification.rule': 'Regulă: {rule}',
  'notification.noRule': 'Nicio regulă de deschidere nu se aplică.',
  'notification.clickToOpen': 'Faceți clic pentru a deschide contactul.',
  'notification.contactsTitle': '{count} contacte: {number}',
  'notification.pickContact': 'Alegeți contactul în fereastra care s-a deschis.',

  'dial.confirmTitle': 'Sunați acest număr?',
  'dial.confirmMessage': 'Sunați {number}?',
  'dial.confirmDetail': 'Un link a cerut apelarea acestui număr. Se formează: {dialAs}',
  'dial.confirmCall': 'Sună',
  'dial.confirmCancel': 'Anulează',
  'dial.clipboardEmpty': 'Clipboardul nu conține un număr de telefon.',
  'dial.linkRejected': 'Acest link nu este un număr de telefon care poate fi apelat: {reason}',

  'link.empty': 'numărul este gol',
  'link.tooLong': 'linkul este prea lung',
  'link.scheme': 'sunt acceptate doar linkuri tel: și callto:',
  'link.characters': 'conține caractere care nu fac parte dintr-un număr de telefon',
  'link.parameters': 'conține parametri în plus',

  'error.badRequest': 'Cererea nu a fost înțeleasă.',
  'error.forbidden': 'Această cerere nu provine din fereastra conectorului.',
  'error.internal': 'A apărut o eroare în conector; detaliile sunt în jurnal.',
  'error.notFound': 'Acest apel nu mai este în istoric.',
  'error.dialRequestGone': 'Această cerere de apel a expirat.',
  'error.settingsInvalid': '{count} setări trebuie corectate; nu s-a salvat nimic.',

  'secrets.basicText':
    'Nu a fost găsit un portofel de chei al sistemului (stocare Linux „basic_text”), așa că parola nu poate fi păstrată în siguranță și nu a fost salvată.',
  'secrets.unavailable':
    'Acest sistem nu oferă stocare criptată, așa că parola nu poate fi salvată.',

  'export.title': 'Exportă istoricul apelurilor',
  'export.defaultName': 'istoric-apeluri.csv',

  'settingsFile.exportTitle': 'Exportă setările',
  'settingsFile.importTitle': 'Importă setările',
  'settingsFile.defaultName': 'setari-accolades-connector.json',
  'settingsFile.filterName': 'Setări (JSON)',
  'settingsFile.unavailable': 'Exportul și importul setărilor nu sunt disponibile aici.',
  'settingsFile.readFailed': 'Fișierul {file} nu a putut fi citit: {reason}',
  'settingsFile.writeFailed': 'Fișierul {file} nu a putut fi scris: {reason}',
  'settingsFile.tooLarge': 'Fișierul {file} este prea mare pentru a fi un fișier de setări.',
  'settingsFile.invalid': 'Fișierul {file} nu poate fi importat; nu s-a schimbat nimic. {details}',

  'importCheck.question':
    'Fișierul {file} schimbă ce programe pornesc sau unde ajung parolele, cheile și apelurile dvs. Îl aplicați?',
  'importCheck.advice':
    'Aplicați-l doar dacă știți cine a făcut acest fișier. Anulează nu schimbă nimic.',
  'importCheck.more': '…și încă {count}.',
  'importCheck.apply': 'Aplică aceste schimbări',
  'importCheck.cancel': 'Anulează',
  'importCheck.program': 'Regula „{rule}” pornește programul {program} cu argumentele {args}.',
  'importCheck.programChanged':
    'Regula „{rule}” pornește programul {program} cu argumentele {args} (înainte pornea {before}).',
  'importCheck.setting': '{key} ({why}): {before} → {after}',
  'importCheck.empty': '(nimic)',
  'importCheck.on': 'pornit',
  'importCheck.off': 'oprit',
  'importCheck.concern.server': 'serverul de la care vin apelurile',
  'importCheck.concern.trust': 'certificate suplimentare de încredere pentru conexiunile sigure',
  'importCheck.concern.proxy': 'proxy-ul prin care trec toate conexiunile',
  'importCheck.concern.restPassword': 'unde este trimisă parola REST',
  'importCheck.concern.passwordFile': 'fișierul trimis ca parolă REST',
  'importCheck.concern.lookupKey': 'unde sunt trimise numerele apelanților și cheia API de căutare',
  'importCheck.concern.browser': 'programul care deschide paginile',
  'importCheck.concern.plainHttp': 'pagini deschise fără criptare',
  'importCheck.concern.bridge':
    'puntea locală de evenimente la care se conectează pagini web și programe',
  'importCheck.concern.pairing': 'ce pagini pot seta ID-ul dvs. CRM',
  'importCheck.concern.updates': 'de unde descarcă aplicația actualizările',

  'ruleTest.title': 'Testarea unei reguli de deschidere',
  'ruleTest.question': 'Porniți acum programul {program}?',
  'ruleTest.detail':
    'Regula „{rule}” ar porni:\n{program}\n\ncu aceste argumente:\n{args}\n\nPorniți-l doar dacă știți ce program este și aveți încredere în el.',
  'ruleTest.noArgs': '(fără argumente)',
  'ruleTest.start': 'Pornește programul',
  'ruleTest.cancel': 'Anulează',

  'unsaved.message': 'Aveți setări nesalvate.',
  'unsaved.detail':
    'Închideți fereastra și pierdeți aceste modificări, sau rămâneți și le salvați?',
  'unsaved.stay': 'Rămân',
  'unsaved.discard': 'Închide fără salvare',

  'update.readyTitle': 'Actualizare pregătită',
  'update.readyBody':
    'Versiunea {version} a fost descărcată. Se instalează când închideți sau reporniți conectorul.',

  'about.detail': 'Versiunea {version}. Deschiderea fișelor și apelare din CRM pentru Accolades.',
};
