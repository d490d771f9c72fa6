<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>%1 is a web address; PixelPool does not download. Save the image first, or drag the picture itself.</source>
        <translation>%1 ist eine Webadresse; PixelPool lädt nichts herunter. Speichern Sie das Bild zuerst oder ziehen Sie das Bild selbst.</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>%L1 images</source>
        <translation>%L1 Bilder</translation>
    </message>
    <message>
        <source>Worker %1</source>
        <translation>Arbeitsprozess %1</translation>
    </message>
    <message>
        <source>Done · %1×%2</source>
        <translation>Fertig · %1×%2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <source>not an image (neither its name nor its content say so)</source>
        <translation>kein Bild (weder sein Name noch sein Inhalt deuten darauf hin)</translation>
    </message>
    <message>
        <source>choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>This step has no settings.</source>
        <translation>Dieser Schritt hat keine Einstellungen.</translation>
    </message>
    <message>
        <source>%1 is not an image or a folder</source>
        <translation>%1 ist weder ein Bild noch ein Ordner</translation>
    </message>
    <message>
        <source>none of the %L1 dropped files is an image or a folder</source>
        <translation>keine der %L1 abgelegten Dateien ist ein Bild oder ein Ordner</translation>
    </message>
    <message>
        <source>Preset changed</source>
        <translation>Voreinstellung geändert</translation>
    </message>
    <message>
        <source>Folder changed</source>
        <translation>Ordner geändert</translation>
    </message>
    <message>
        <source>%1 is a web address; PixelPool does not download. Save the image first, or copy the picture itself.</source>
        <translation>%1 ist eine Webadresse; PixelPool lädt nichts herunter. Speichern Sie das Bild zuerst oder kopieren Sie das Bild selbst.</translation>
    </message>
    <message>
        <source>the clipboard holds no image, file or folder</source>
        <translation>die Zwischenablage enthält kein Bild, keine Datei und keinen Ordner</translation>
    </message>
    <message>
        <source>nothing to add: the drop held no files, folders or images</source>
        <translation>nichts hinzuzufügen: Das Abgelegte enthielt keine Dateien, Ordner oder Bilder</translation>
    </message>
    <message>
        <source>Import the preset in %1</source>
        <translation>Die Voreinstellung in %1 importieren</translation>
    </message>
    <message numerus="yes">
        <source>Import %n presets</source>
        <translation>
            <numerusform>%n Voreinstellung importieren</numerusform>
            <numerusform>%n Voreinstellungen importieren</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; add %2 to the queue</source>
        <translation>%1; %2 zur Warteschlange hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>%1; add the other %Ln dropped items to the queue</source>
        <translation>
            <numerusform>%1; das %Ln weitere abgelegte Element zur Warteschlange hinzufügen</numerusform>
            <numerusform>%1; die %Ln weiteren abgelegten Elemente zur Warteschlange hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Output removed</source>
        <translation>Ausgabe entfernt</translation>
    </message>
</context>
<context>
    <name>TerminalReport</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>started</source>
        <translation>begonnen</translation>
    </message>
    <message>
        <source>%1 (worker %2, pid %3)</source>
        <translation>%1 (Arbeitsprozess %2, PID %3)</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 (%3×%4, %5 ms)</source>
        <translation>%1 -&gt; %2 (%3×%4, %5 ms)</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>[%1] %2/%3 %4% %5 images/s ETA %6</source>
        <translation>[%1] %2/%3 %4% %5 Bilder/s Rest %6</translation>
    </message>
    <message>
        <source>%1 done, %2 failed, %3 skipped</source>
        <translation>%1 fertig, %2 fehlgeschlagen, %3 übersprungen</translation>
    </message>
    <message>
        <source>, %1 cancelled</source>
        <translation>, %1 abgebrochen</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 Bilder</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 Arbeitsprozess</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 Arbeitsprozesse</translation>
    </message>
    <message>
        <source>%1: %2 in %3 s (%4 images/s, %5)</source>
        <translation>%1: %2 in %3 s (%4 Bilder/s, %5)</translation>
    </message>
    <message>
        <source> — cancelled</source>
        <translation> — abgebrochen</translation>
    </message>
    <message>
        <source>%1 %2 (kept)</source>
        <translation>%1 %2 (beibehalten)</translation>
    </message>
    <message>
        <source>%1 %2 (%3×%4)</source>
        <translation>%1 %2 (%3×%4)</translation>
    </message>
    <message>
        <source>%1 -&gt; %2, %3 ms</source>
        <translation>%1 -&gt; %2, %3 ms</translation>
    </message>
    <message>
        <source>%1: %2 in %3 s (%4)</source>
        <translation>%1: %2 in %3 s (%4)</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 Dateien</translation>
    </message>
    <message>
        <source>1 folder</source>
        <translation>1 Ordner</translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation>%1 Ordner</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <comment>1 file and 2 folders</comment>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>left out %1 while scanning:</source>
        <translation>beim Durchsuchen %1 ausgelassen:</translation>
    </message>
    <message>
        <source>%1/%2 %3% %4 images/s ETA %5</source>
        <translation>%1/%2 %3% %4 Bilder/s Rest %5</translation>
    </message>
    <message>
        <source>1 output name has _ for %1: the output folder&apos;s file system takes none in a name</source>
        <translation>1 Ausgabename hat _ statt %1: das Dateisystem des Ausgabeordners nimmt keins davon in einen Namen</translation>
    </message>
    <message>
        <source>%1 output names have _ for %2: the output folder&apos;s file system takes none in a name</source>
        <translation>%1 Ausgabenamen haben _ statt %2: das Dateisystem des Ausgabeordners nimmt keins davon in einen Namen</translation>
    </message>
    <message>
        <source>given twice, the second time ignored: %1</source>
        <translation>doppelt angegeben, das zweite Mal ignoriert: %1</translation>
    </message>
    <message>
        <source>%1 inputs given twice, the second time ignored: %2</source>
        <translation>%1 Eingaben doppelt angegeben, das zweite Mal ignoriert: %2</translation>
    </message>
    <message>
        <source>%1: %2 in %3 s</source>
        <translation>%1: %2 in %3 s</translation>
    </message>
    <message>
        <source>%1 is gone (%2): its images not read yet fail, counted at the end</source>
        <translation>%1 ist weg (%2): seine noch nicht gelesenen Bilder schlagen fehl, am Ende gezählt</translation>
    </message>
    <message>
        <source>%1 is gone (%2): 1 image not read</source>
        <translation>%1 ist weg (%2): 1 Bild nicht gelesen</translation>
    </message>
    <message>
        <source>%1 is gone (%2): %3 images not read</source>
        <translation>%1 ist weg (%2): %3 Bilder nicht gelesen</translation>
    </message>
    <message>
        <source>; 1 input not found</source>
        <translation>; 1 Eingabe nicht gefunden</translation>
    </message>
    <message>
        <source>; %1 inputs not found</source>
        <translation>; %1 Eingaben nicht gefunden</translation>
    </message>
    <message>
        <source>; %1 left out while scanning</source>
        <translation>; beim Durchsuchen %1 ausgelassen</translation>
    </message>
    <message>
        <source>%1 · %2 skipped</source>
        <comment>the bar, then the images skipped as their outputs exist</comment>
        <translation>%1 · %2 übersprungen</translation>
    </message>
    <message>
        <source>%1 is inside %2, scanned as part of it</source>
        <translation>%1 liegt in %2, als Teil davon durchsucht</translation>
    </message>
    <message>
        <source>%1 folders are inside %2, scanned as part of it: %3</source>
        <translation>%1 Ordner liegen in %2, als Teil davon durchsucht: %3</translation>
    </message>
    <message>
        <source>; 1 input given twice</source>
        <translation>; 1 Eingabe doppelt angegeben</translation>
    </message>
    <message>
        <source>; %1 inputs given twice</source>
        <translation>; %1 Eingaben doppelt angegeben</translation>
    </message>
    <message>
        <source>1 output was written under a numbered name (&quot;photo (2).jpg&quot;): its name was taken</source>
        <translation>1 Ausgabe wurde unter einem nummerierten Namen geschrieben („Foto (2).jpg“): ihr Name war belegt</translation>
    </message>
    <message>
        <source>%1 outputs were written under numbered names (&quot;photo (2).jpg&quot;): their names were taken</source>
        <translation>%1 Ausgaben wurden unter nummerierten Namen geschrieben („Foto (2).jpg“): ihre Namen waren belegt</translation>
    </message>
    <message>
        <source>  (--follow-links takes the images such links lead to)</source>
        <translation>  (--follow-links nimmt die Bilder, zu denen solche Verknüpfungen führen)</translation>
    </message>
</context>
<context>
    <name>pp::BatchCommand</name>
    <message>
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
    <message>
        <source>unknown format &quot;%1&quot; (jpeg, png, webp, tiff, bmp, jxl, avif, keep)</source>
        <translation>unbekanntes Format „%1“ (jpeg, png, webp, tiff, bmp, jxl, avif, keep)</translation>
    </message>
    <message>
        <source>--quality takes 1 to 100, not &quot;%1&quot;</source>
        <translation>--quality nimmt 1 bis 100, nicht „%1“</translation>
    </message>
    <message>
        <source>--overwrite takes skip, rename or overwrite, not &quot;%1&quot;</source>
        <translation>--overwrite nimmt skip, rename oder overwrite, nicht „%1“</translation>
    </message>
    <message>
        <source>--metadata takes keep, strip-location or strip, not &quot;%1&quot;</source>
        <translation>--metadata nimmt keep, strip-location oder strip, nicht „%1“</translation>
    </message>
    <message>
        <source>--colour takes keep or srgb, not &quot;%1&quot;</source>
        <translation>--colour nimmt keep oder srgb, nicht „%1“</translation>
    </message>
    <message>
        <source>--%1 takes a number from %2 to %3, not &quot;%4&quot;</source>
        <translation>--%1 nimmt eine Zahl von %2 bis %3, nicht „%4“</translation>
    </message>
    <message>
        <source> (user)</source>
        <translation> (eigene)</translation>
    </message>
    <message>
        <source>no inputs given (try --help)</source>
        <translation>keine Eingaben angegeben (siehe --help)</translation>
    </message>
    <message>
        <source>cancelled while scanning the inputs</source>
        <translation>beim Durchsuchen der Eingaben abgebrochen</translation>
    </message>
    <message>
        <source>standard output: the last line (%1 bytes) not written: the program reading it took nothing for %2 s after the signal</source>
        <translation>Standardausgabe: die letzte Zeile (%1 Bytes) nicht geschrieben: das Programm, das sie liest, hat %2 s nach dem Signal nichts abgenommen</translation>
    </message>
    <message>
        <source>standard output: the last %1 lines (%2 bytes) not written: the program reading it took nothing for %3 s after the signal</source>
        <translation>Standardausgabe: die letzten %1 Zeilen (%2 Bytes) nicht geschrieben: das Programm, das sie liest, hat %3 s nach dem Signal nichts abgenommen</translation>
    </message>
    <message>
        <source>--quality %1 changes nothing: preset &quot;%2&quot; writes only lossless outputs (%3)</source>
        <translation>--quality %1 ändert nichts: Voreinstellung „%2“ schreibt nur verlustfreie Ausgaben (%3)</translation>
    </message>
    <message>
        <source>--%1 &quot;%2&quot;: the path is not UTF-8 (byte 0x%3 at %4); PixelPool takes the paths of options as UTF-8: rename it, or give a link to it whose path is UTF-8</source>
        <translation>--%1 „%2“: der Pfad ist kein UTF-8 (Byte 0x%3 an Stelle %4); PixelPool nimmt die Pfade von Optionen als UTF-8: benennen Sie ihn um oder geben Sie eine Verknüpfung darauf an, deren Pfad UTF-8 ist</translation>
    </message>
    <message>
        <source>the output folder &quot;%1&quot; is relative to the current folder &quot;%2&quot;, whose path is not UTF-8 (byte 0x%3 at %4); PixelPool takes the paths of folders as UTF-8: give an absolute output folder whose path is UTF-8 (-o), or run from a folder whose path is UTF-8</source>
        <translation>der Ausgabeordner „%1“ ist relativ zum aktuellen Ordner „%2“, dessen Pfad kein UTF-8 ist (Byte 0x%3 an Stelle %4); PixelPool nimmt die Pfade von Ordnern als UTF-8: geben Sie einen absoluten Ausgabeordner an, dessen Pfad UTF-8 ist (-o), oder starten Sie in einem Ordner, dessen Pfad UTF-8 ist</translation>
    </message>
    <message>
        <source>--report &quot;%1&quot; is relative to the current folder &quot;%2&quot;, whose path is not UTF-8 (byte 0x%3 at %4); PixelPool takes the paths of folders as UTF-8: give an absolute path that is UTF-8, or run from a folder whose path is UTF-8</source>
        <translation>--report „%1“ ist relativ zum aktuellen Ordner „%2“, dessen Pfad kein UTF-8 ist (Byte 0x%3 an Stelle %4); PixelPool nimmt die Pfade von Ordnern als UTF-8: geben Sie einen absoluten Pfad in UTF-8 an oder starten Sie in einem Ordner, dessen Pfad UTF-8 ist</translation>
    </message>
    <message>
        <source>preset file &quot;%1&quot;: %2 names a file relative to the preset file, in the current folder &quot;%3&quot;, whose path is not UTF-8 (byte 0x%4 at %5); PixelPool takes the paths of folders as UTF-8: keep the preset and the files it names in a folder whose path is UTF-8</source>
        <translation>Voreinstellungsdatei „%1“: %2 nennt eine Datei relativ zur Voreinstellungsdatei, im aktuellen Ordner „%3“, dessen Pfad kein UTF-8 ist (Byte 0x%4 an Stelle %5); PixelPool nimmt die Pfade von Ordnern als UTF-8: legen Sie die Voreinstellung und die Dateien, die sie nennt, in einen Ordner, dessen Pfad UTF-8 ist</translation>
    </message>
    <message>
        <source>cancelled while reading the preset</source>
        <translation>beim Lesen der Voreinstellung abgebrochen</translation>
    </message>
    <message>
        <source>workers are not sandboxed: this kernel offers no Landlock</source>
        <translation>Arbeitsprozesse laufen ohne Sandbox: Dieser Kernel bietet kein Landlock</translation>
    </message>
    <message>
        <source>workers run in a sandbox (Landlock ABI %1): they read only the files they are handed and the system&apos;s, and cannot make, change or remove any, run programs or open connections</source>
        <translation>Arbeitsprozesse laufen in einer Sandbox (Landlock-ABI %1): Sie lesen nur die ihnen übergebenen Dateien und die des Systems und können keine anlegen, ändern oder löschen, keine Programme starten und keine Verbindungen öffnen</translation>
    </message>
    <message>
        <source>images are processed in this process (--in-process), without a sandbox</source>
        <translation>Bilder werden in diesem Prozess verarbeitet (--in-process), ohne Sandbox</translation>
    </message>
</context>
<context>
    <name>pp::BuiltinPreset</name>
    <message>
        <source>The classic process-pool demonstration: Gaussian blur radius 15, fit within 1200×1200, JPEG.</source>
        <translation>Die klassische Vorführung eines Prozess-Pools: Gaußscher Weichzeichner mit Radius 15, eingepasst in 1200×1200, JPEG.</translation>
    </message>
    <message>
        <source>Black and white at full size, JPEG quality 90.</source>
        <translation>Schwarzweiß in voller Größe, JPEG-Qualität 90.</translation>
    </message>
    <message>
        <source>Thumbnails: fit within 256×256, sRGB, no metadata, JPEG quality 80.</source>
        <translation>Vorschaubilder: eingepasst in 256×256, sRGB, ohne Metadaten, JPEG-Qualität 80.</translation>
    </message>
    <message>
        <source>For the web: fit within 1920×1920 (never enlarged), light sharpening, sRGB, no location, JPEG quality 85.</source>
        <translation>Fürs Web: eingepasst in 1920×1920 (nie vergrößert), leicht geschärft, sRGB, ohne Aufnahmeort, JPEG-Qualität 85.</translation>
    </message>
    <message>
        <source>Two outputs from one decode: web/ as the web preset makes it (fit within 1920×1920, light sharpening, no location, quality 85) and thumbnail/ as the thumbnail preset (fit within 256×256, no metadata, quality 80); both sRGB JPEG.</source>
        <translation>Zwei Ausgaben aus einem Dekodiervorgang: web/ wie die Voreinstellung web (eingepasst in 1920×1920, leicht geschärft, ohne Ort, Qualität 85) und thumbnail/ wie die Voreinstellung thumbnail (eingepasst in 256×256, ohne Metadaten, Qualität 80); beide sRGB-JPEG.</translation>
    </message>
</context>
<context>
    <name>pp::Message</name>
    <message>
        <source>no such file or folder</source>
        <translation>Datei oder Ordner existiert nicht</translation>
    </message>
    <message>
        <source>not a regular file (a pipe, socket or device)</source>
        <translation>keine reguläre Datei (eine Pipe, ein Socket oder ein Gerät)</translation>
    </message>
    <message>
        <source>duplicate: the same file is already queued</source>
        <translation>doppelt: dieselbe Datei ist bereits in der Warteschlange</translation>
    </message>
    <message>
        <source>cannot read folder: %1</source>
        <translation>Ordner kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>broken symbolic link: %1</source>
        <translation>defekte symbolische Verknüpfung: %1</translation>
    </message>
    <message>
        <source>symbolic link to a folder, not followed</source>
        <translation>symbolische Verknüpfung auf einen Ordner, nicht verfolgt</translation>
    </message>
    <message>
        <source>folder nested too deep</source>
        <translation>Ordner zu tief verschachtelt</translation>
    </message>
    <message>
        <source>not an image file name</source>
        <translation>kein Bilddateiname</translation>
    </message>
    <message>
        <source>no images found in the inputs</source>
        <translation>in den Eingaben wurden keine Bilder gefunden</translation>
    </message>
    <message>
        <source>output folder %1 cannot be created</source>
        <translation>Ausgabeordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>output folder %1 is not a folder</source>
        <translation>Ausgabeordner %1 ist kein Ordner</translation>
    </message>
    <message>
        <source>output folder %1 cannot be created: %2 is not a folder</source>
        <translation>Ausgabeordner %1 kann nicht angelegt werden: %2 ist kein Ordner</translation>
    </message>
    <message>
        <source>cannot write to output folder %1: %2</source>
        <translation>in den Ausgabeordner %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>output folder %1 cannot be created in %2: %3</source>
        <translation>Ausgabeordner %1 kann nicht in %2 angelegt werden: %3</translation>
    </message>
    <message>
        <source>output folder %1 leads outside %2 (symbolic link)</source>
        <translation>Ausgabeordner %1 führt aus %2 hinaus (symbolische Verknüpfung)</translation>
    </message>
    <message>
        <source>cannot create output folder %1: %2</source>
        <translation>Ausgabeordner %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>output folder %1 does not exist and cannot be created</source>
        <translation>Ausgabeordner %1 existiert nicht und kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the output name &quot;%1&quot; is not a valid relative path</source>
        <translation>der Ausgabename „%1“ ist kein gültiger relativer Pfad</translation>
    </message>
    <message>
        <source>output exists</source>
        <translation>Ausgabe existiert bereits</translation>
    </message>
    <message>
        <source>the image could not be processed</source>
        <translation>das Bild konnte nicht verarbeitet werden</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>die Datei kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>the image is larger than the pixel limit</source>
        <translation>das Bild ist größer als die Pixelgrenze</translation>
    </message>
    <message>
        <source>the image data is damaged or cut short</source>
        <translation>die Bilddaten sind beschädigt oder abgeschnitten</translation>
    </message>
    <message>
        <source>a step of the preset failed on this image</source>
        <translation>ein Schritt der Voreinstellung ist bei diesem Bild gescheitert</translation>
    </message>
    <message>
        <source>the output cannot be written</source>
        <translation>die Ausgabe kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>the output exists and may not be replaced</source>
        <translation>die Ausgabe existiert bereits und darf nicht ersetzt werden</translation>
    </message>
    <message>
        <source>not enough memory for this image</source>
        <translation>nicht genug Arbeitsspeicher für dieses Bild</translation>
    </message>
    <message>
        <source>the worker process crashed on this image</source>
        <translation>der Arbeitsprozess ist bei diesem Bild abgestürzt</translation>
    </message>
    <message>
        <source>the image took longer than the time limit</source>
        <translation>das Bild hat länger als die Zeitgrenze gebraucht</translation>
    </message>
    <message>
        <source>the worker process broke the protocol and was replaced</source>
        <translation>der Arbeitsprozess hat das Protokoll verletzt und wurde ersetzt</translation>
    </message>
    <message>
        <source>no worker process could be started</source>
        <translation>es konnte kein Arbeitsprozess gestartet werden</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>written, with a warning</source>
        <translation>geschrieben, mit einer Warnung</translation>
    </message>
    <message>
        <source>no space left on the device (disk full)</source>
        <translation>kein Platz mehr auf dem Gerät (Datenträger voll)</translation>
    </message>
    <message>
        <source>disk quota exceeded</source>
        <translation>Speicherkontingent überschritten</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>the file system is read-only</source>
        <translation>das Dateisystem ist schreibgeschützt</translation>
    </message>
    <message>
        <source>too many levels of symbolic links (a link loop?)</source>
        <translation>zu viele Ebenen symbolischer Verknüpfungen (eine Schleife?)</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>ist ein Ordner</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>kein Arbeitsspeicher mehr</translation>
    </message>
    <message>
        <source>file name too long</source>
        <translation>Dateiname zu lang</translation>
    </message>
    <message>
        <source>a folder in the --inputs-from list of a sharded batch: list its files instead (find DIR -type f)</source>
        <translation>ein Ordner in der Liste von --inputs-from einer aufgeteilten Stapelverarbeitung: Führen Sie stattdessen seine Dateien auf (find DIR -type f)</translation>
    </message>
    <message>
        <source>output &quot;%1&quot;: %2</source>
        <translation>Ausgabe „%1“: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1: kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1: larger than %2 bytes, not a preset</source>
        <translation>%1: größer als %2 Bytes, keine Voreinstellung</translation>
    </message>
    <message>
        <source>%1: not valid JSON at line %2, column %3: %4</source>
        <translation>%1: kein gültiges JSON in Zeile %2, Spalte %3: %4</translation>
    </message>
    <message>
        <source>%1: a preset must be a JSON object</source>
        <translation>%1: eine Voreinstellung muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>&quot;format&quot; must be &quot;pixelpool-preset&quot;</source>
        <translation>„format“ muss „pixelpool-preset“ sein</translation>
    </message>
    <message>
        <source>&quot;version&quot; must be a positive whole number</source>
        <translation>„version“ muss eine positive ganze Zahl sein</translation>
    </message>
    <message>
        <source>version %1 is newer than this PixelPool understands (%2)</source>
        <translation>Version %1 ist neuer, als dieses PixelPool versteht (%2)</translation>
    </message>
    <message>
        <source>&quot;name&quot; must be non-empty text of at most 100 characters</source>
        <translation>„name“ muss ein nicht leerer Text von höchstens 100 Zeichen sein</translation>
    </message>
    <message>
        <source>%1 is not a known setting</source>
        <translation>%1 ist keine bekannte Einstellung</translation>
    </message>
    <message>
        <source>%1 must be text</source>
        <translation>%1 muss ein Text sein</translation>
    </message>
    <message>
        <source>%1 must be an object</source>
        <translation>%1 muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1 must be a whole number from %2 to %3</source>
        <translation>%1 muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <source>%1 must be true or false</source>
        <translation>%1 muss true oder false sein</translation>
    </message>
    <message>
        <source>%1 must be one of: %2</source>
        <translation>%1 muss einer dieser Werte sein: %2</translation>
    </message>
    <message>
        <source>%1.webpLossless (the older name of %1.lossless) says otherwise than %1.lossless</source>
        <translation>%1.webpLossless (der ältere Name von %1.lossless) sagt etwas anderes als %1.lossless</translation>
    </message>
    <message>
        <source>%1 must be a colour like &quot;%2&quot;</source>
        <translation>%1 muss eine Farbe wie „%2“ sein</translation>
    </message>
    <message>
        <source>%1 must be a list of operations</source>
        <translation>%1 muss eine Liste von Operationen sein</translation>
    </message>
    <message>
        <source>%1 has more than %2 operations</source>
        <translation>%1 hat mehr als %2 Operationen</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>&quot;outputs&quot; must be a list of 1 to %1 outputs</source>
        <translation>„outputs“ muss eine Liste von 1 bis %1 Ausgaben sein</translation>
    </message>
    <message>
        <source>%1 must be an object with a name, steps and output settings</source>
        <translation>%1 muss ein Objekt mit Namen, Schritten und Ausgabeeinstellungen sein</translation>
    </message>
    <message>
        <source>%1.name must be 1 to 40 letters, digits, - or _</source>
        <translation>%1.name muss aus 1 bis 40 Buchstaben, Ziffern, - oder _ bestehen</translation>
    </message>
    <message>
        <source>%1.name &quot;%2&quot; is already the name of outputs[%3]</source>
        <translation>%1.name „%2“ ist schon der Name von outputs[%3]</translation>
    </message>
    <message>
        <source>%1.steps is missing (an empty list if the shared steps are all it needs)</source>
        <translation>%1.steps fehlt (eine leere Liste, wenn die gemeinsamen Schritte alles sind, was sie braucht)</translation>
    </message>
    <message>
        <source>%1.steps: with the shared steps, more than %2 operations</source>
        <translation>%1.steps: zusammen mit den gemeinsamen Schritten mehr als %2 Operationen</translation>
    </message>
    <message>
        <source>%1.output.%2 is a setting of the whole preset: set output.%2 instead</source>
        <translation>%1.output.%2 ist eine Einstellung der ganzen Voreinstellung: Setzen Sie stattdessen output.%2</translation>
    </message>
    <message>
        <source>%1.output.folder is a setting of the whole preset: set output.folder instead and put a sub-folder in the name template, like &quot;thumbnail/{name}.{ext}&quot;</source>
        <translation>%1.output.folder ist eine Einstellung der ganzen Voreinstellung: Setzen Sie stattdessen output.folder und schreiben Sie einen Unterordner in die Namensvorlage, etwa „thumbnail/{name}.{ext}“</translation>
    </message>
    <message>
        <source>%1.output.nameTemplate makes the same file names as outputs[%2]&apos;s: give each output its own, like &quot;%3/{name}.{ext}&quot;</source>
        <translation>%1.output.nameTemplate ergibt dieselben Dateinamen wie die von outputs[%2]: Geben Sie jeder Ausgabe eine eigene, etwa „%3/{name}.{ext}“</translation>
    </message>
    <message>
        <source>&quot;op&quot; must name an operation</source>
        <translation>„op“ muss eine Operation nennen</translation>
    </message>
    <message>
        <source>unknown operation &quot;%1&quot;</source>
        <translation>unbekannte Operation „%1“</translation>
    </message>
    <message>
        <source>%1: unknown parameter &quot;%2&quot;</source>
        <translation>%1: unbekannter Parameter „%2“</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>%1 is %2, outside %3..%4</source>
        <translation>%1 ist %2, außerhalb von %3..%4</translation>
    </message>
    <message>
        <source>%1 must name a file</source>
        <translation>%1 muss eine Datei nennen</translation>
    </message>
    <message>
        <source>%1 is a relative path (&quot;%2&quot;); only a preset file&apos;s paths may be relative (to its folder)</source>
        <translation>%1 ist ein relativer Pfad („%2“); nur die Pfade einer Voreinstellungsdatei dürfen relativ sein (zu ihrem Ordner)</translation>
    </message>
    <message>
        <source>the file name template is empty</source>
        <translation>die Namensvorlage ist leer</translation>
    </message>
    <message>
        <source>the file name template is longer than %1 characters</source>
        <translation>die Namensvorlage ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>the file name template must be relative to the output folder</source>
        <translation>die Namensvorlage muss relativ zum Ausgabeordner sein</translation>
    </message>
    <message>
        <source>unknown placeholder {%1} in the file name template (known: %2)</source>
        <translation>unbekannter Platzhalter {%1} in der Namensvorlage (bekannt: %2)</translation>
    </message>
    <message>
        <source>{index:%1}: the width is a number of digits from 1 to %2, like {index:4}</source>
        <translation>{index:%1}: die Breite ist eine Anzahl Ziffern von 1 bis %2, etwa {index:4}</translation>
    </message>
    <message>
        <source>{date:%1}: use %Y %y %m %d %H %M %S %j or %%</source>
        <translation>{date:%1}: verwenden Sie %Y %y %m %d %H %M %S %j oder %%</translation>
    </message>
    <message>
        <source>{date:%1} must not make &quot;%2&quot; folders</source>
        <translation>{date:%1} darf keine Ordner „%2“ ergeben</translation>
    </message>
    <message>
        <source>{%1} takes no format</source>
        <translation>{%1} nimmt kein Format</translation>
    </message>
    <message>
        <source>the file name template must not contain &quot;%1&quot; folders</source>
        <translation>die Namensvorlage darf keine Ordner „%1“ enthalten</translation>
    </message>
    <message>
        <source>the file name template must end with a file name</source>
        <translation>die Namensvorlage muss mit einem Dateinamen enden</translation>
    </message>
    <message>
        <source>%1: a preset named &quot;%2&quot; already exists</source>
        <translation>%1: eine Voreinstellung namens „%2“ gibt es schon</translation>
    </message>
    <message>
        <source>no preset named &quot;%1&quot; (available: %2; or give a .json file)</source>
        <translation>keine Voreinstellung namens „%1“ (vorhanden: %2; oder geben Sie eine .json-Datei an)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a built-in preset; save it under another name</source>
        <translation>„%1“ ist eine eingebaute Voreinstellung; speichern Sie sie unter einem anderen Namen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user preset</source>
        <translation>„%1“ ist keine eigene Voreinstellung</translation>
    </message>
    <message>
        <source>cannot remove %1</source>
        <translation>%1 kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>unterminated object</source>
        <translation>nicht abgeschlossenes Objekt</translation>
    </message>
    <message>
        <source>missing name separator</source>
        <translation>fehlender Trenner nach einem Namen (:)</translation>
    </message>
    <message>
        <source>unterminated array</source>
        <translation>nicht abgeschlossene Liste</translation>
    </message>
    <message>
        <source>missing value separator</source>
        <translation>fehlender Trenner zwischen Werten (,)</translation>
    </message>
    <message>
        <source>illegal value</source>
        <translation>ungültiger Wert</translation>
    </message>
    <message>
        <source>invalid termination by number</source>
        <translation>ungültiges Ende nach einer Zahl</translation>
    </message>
    <message>
        <source>illegal number</source>
        <translation>ungültige Zahl</translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation>ungültige Escape-Sequenz</translation>
    </message>
    <message>
        <source>invalid UTF8 string</source>
        <translation>ungültige UTF-8-Zeichenkette</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>object is missing after a comma</source>
        <translation>nach einem Komma fehlt ein Objekt</translation>
    </message>
    <message>
        <source>too deeply nested document</source>
        <translation>zu tief verschachteltes Dokument</translation>
    </message>
    <message>
        <source>too large document</source>
        <translation>zu großes Dokument</translation>
    </message>
    <message>
        <source>garbage at the end of the document</source>
        <translation>überzählige Zeichen am Ende des Dokuments</translation>
    </message>
    <message>
        <source>%1 takes a number of shards from 1 to %2</source>
        <translation>%1 nimmt eine Anzahl Teile von 1 bis %2</translation>
    </message>
    <message>
        <source>--shard takes K/N with 0 &lt;= K &lt; N &lt;= %1 (like 0/8), or auto; got &quot;%2&quot;</source>
        <translation>--shard nimmt K/N mit 0 &lt;= K &lt; N &lt;= %1 (etwa 0/8) oder auto; erhalten: „%2“</translation>
    </message>
    <message>
        <source>--shard %1 says %2 shards but %3 says %4</source>
        <translation>--shard %1 nennt %2 Teile, aber %3 nennt %4</translation>
    </message>
    <message>
        <source>--shard auto: %1 is %2, but there are only %3 shards (%4)</source>
        <translation>--shard auto: %1 ist %2, aber es gibt nur %3 Teile (%4)</translation>
    </message>
    <message>
        <source>--shard auto: %1 is not a number</source>
        <translation>--shard auto: %1 ist keine Zahl</translation>
    </message>
    <message>
        <source>--shard auto: this Slurm array does not say its shape (SLURM_ARRAY_TASK_MIN, MAX, STEP and COUNT); give --shard-count N</source>
        <translation>--shard auto: dieses Slurm-Array nennt seine Form nicht (SLURM_ARRAY_TASK_MIN, MAX, STEP und COUNT); geben Sie --shard-count N an</translation>
    </message>
    <message>
        <source>--shard auto: the Slurm array starts at %1, not 0: it may be some indices submitted again, so its shape does not say how many shards there are; give --shard-count N (array index = shard number)</source>
        <translation>--shard auto: das Slurm-Array beginnt bei %1, nicht bei 0: Es können erneut eingereichte Indizes sein, seine Form sagt also nicht, wie viele Teile es gibt; geben Sie --shard-count N an (Array-Index = Nummer des Teils)</translation>
    </message>
    <message>
        <source>--shard auto: the Slurm array&apos;s step is %1, so shard K could be index K or K×%1; use a step of 1 or give --shard-count N (array index = shard number)</source>
        <translation>--shard auto: die Schrittweite des Slurm-Arrays ist %1, Teil K könnte also Index K oder K×%1 sein; verwenden Sie die Schrittweite 1 oder geben Sie --shard-count N an (Array-Index = Nummer des Teils)</translation>
    </message>
    <message>
        <source>--shard auto: the Slurm array has gaps (%1 tasks with indices 0 to %2), so its shape does not say how many shards there are; give --shard-count N (array index = shard number)</source>
        <translation>--shard auto: das Slurm-Array hat Lücken (%1 Aufgaben mit den Indizes 0 bis %2), seine Form sagt also nicht, wie viele Teile es gibt; geben Sie --shard-count N an (Array-Index = Nummer des Teils)</translation>
    </message>
    <message>
        <source>--shard auto: a Kubernetes Indexed Job gives the index but not the count; give --shard-count N or set PIXELPOOL_SHARD_COUNT to the Job&apos;s completions</source>
        <translation>--shard auto: ein Kubernetes Indexed Job nennt den Index, aber nicht die Anzahl; geben Sie --shard-count N an oder setzen Sie PIXELPOOL_SHARD_COUNT auf die completions des Jobs</translation>
    </message>
    <message>
        <source>--shard auto: PARALLEL_SEQ is not a number from 1</source>
        <translation>--shard auto: PARALLEL_SEQ ist keine Zahl ab 1</translation>
    </message>
    <message>
        <source>--shard auto: GNU parallel numbers its jobs but does not say how many shards there are; give --shard-count N (shard = PARALLEL_SEQ - 1)</source>
        <translation>--shard auto: GNU parallel nummeriert seine Jobs, sagt aber nicht, wie viele Teile es gibt; geben Sie --shard-count N an (Teil = PARALLEL_SEQ - 1)</translation>
    </message>
    <message>
        <source>--shard auto: this Slurm job is not an array (no SLURM_ARRAY_TASK_ID); submit it with sbatch --array=0-N-1, or use --shard K/N</source>
        <translation>--shard auto: dieser Slurm-Job ist kein Array (kein SLURM_ARRAY_TASK_ID); reichen Sie ihn mit sbatch --array=0-N-1 ein oder verwenden Sie --shard K/N</translation>
    </message>
    <message>
        <source>--shard auto: no scheduler found (none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PARALLEL_SEQ is set); use --shard K/N</source>
        <translation>--shard auto: kein Scheduler gefunden (keine der Variablen SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PARALLEL_SEQ ist gesetzt); verwenden Sie --shard K/N</translation>
    </message>
    <message>
        <source>--shard cannot use the overwrite policy &quot;rename&quot;: a rerun of a shard would write a second, renamed copy instead of resuming; use --overwrite skip (redo only what has no complete output) or --overwrite overwrite</source>
        <translation>--shard verträgt sich nicht mit der Regel „rename“ fürs Überschreiben: Ein erneuter Lauf eines Teils würde eine zweite, umbenannte Kopie schreiben, statt fortzusetzen; verwenden Sie --overwrite skip (nur wiederholen, was keine vollständige Ausgabe hat) oder --overwrite overwrite</translation>
    </message>
    <message>
        <source>--shard-count goes with --shard auto</source>
        <translation>--shard-count gehört zu --shard auto</translation>
    </message>
    <message>
        <source>--null goes with --inputs-from</source>
        <translation>--null gehört zu --inputs-from</translation>
    </message>
    <message>
        <source>cannot read the input list %1: %2</source>
        <translation>die Liste der Eingaben %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>previews disabled for worker %1: %2</source>
        <translation>Vorschauen für Arbeitsprozess %1 abgeschaltet: %2</translation>
    </message>
    <message>
        <source>refused a connection from another user</source>
        <translation>Verbindung eines anderen Benutzers abgewiesen</translation>
    </message>
    <message>
        <source>dropped a connection that did not identify itself in time</source>
        <translation>Verbindung getrennt, die sich nicht rechtzeitig ausgewiesen hat</translation>
    </message>
    <message>
        <source>dropped a connection that did not start with a valid Hello</source>
        <translation>Verbindung getrennt, die nicht mit einem gültigen Hello begann</translation>
    </message>
    <message>
        <source>dropped a connection with a wrong token</source>
        <translation>Verbindung mit falschem Token getrennt</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) lost: %3; starting a replacement</source>
        <translation>Arbeitsprozess %1 (PID %2) verloren: %3; ein Ersatz wird gestartet</translation>
    </message>
    <message>
        <source>cannot write the report %1: %2</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write the report %1: %2 is not a folder</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: %2 ist kein Ordner</translation>
    </message>
    <message>
        <source>cannot read the report %1: %2</source>
        <translation>der Bericht %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: not JSON (%2)</source>
        <translation>%1: kein JSON (%2)</translation>
    </message>
    <message>
        <source>%1: not a PixelPool shard report</source>
        <translation>%1: kein Teilbericht von PixelPool</translation>
    </message>
    <message>
        <source>%1: report version %2, this PixelPool reads %3</source>
        <translation>%1: Berichtsversion %2, dieses PixelPool liest %3</translation>
    </message>
    <message>
        <source>%1: a shard report without inputs, shard or listing</source>
        <translation>%1: ein Teilbericht ohne Eingaben, Teil oder Liste der Eingaben</translation>
    </message>
    <message>
        <source>shard %1 has two reports: %2 and %3</source>
        <translation>Teil %1 hat zwei Berichte: %2 und %3</translation>
    </message>
    <message>
        <source>the reports split the batch into different numbers of shards (%1)</source>
        <translation>die Berichte teilen die Stapelverarbeitung in verschieden viele Teile (%1)</translation>
    </message>
    <message>
        <source>reports: %1, inputs: %2; %3 done, %4 failed, %5 already done, %6 skipped; longest shard %7 s, all shards %8 s</source>
        <translation>Berichte: %1, Eingaben: %2; %3 fertig, %4 fehlgeschlagen, %5 schon erledigt, %6 übersprungen; längster Teil %7 s, alle Teile %8 s</translation>
    </message>
    <message>
        <source>missing: shard %1 wrote no report (inputs: %2)</source>
        <translation>fehlt: Teil %1 hat keinen Bericht geschrieben (Eingaben: %2)</translation>
    </message>
    <message>
        <source>twice: %1 of the inputs in more than one report (overlapping shards): %2</source>
        <translation>doppelt: %1 der Eingaben in mehr als einem Bericht (überlappende Teile): %2</translation>
    </message>
    <message>
        <source>problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>complete: every input reported exactly once</source>
        <translation>vollständig: jede Eingabe genau einmal berichtet</translation>
    </message>
    <message>
        <source>hidden folder, not scanned</source>
        <translation>versteckter Ordner, nicht durchsucht</translation>
    </message>
    <message>
        <source>the output folder, not scanned: its files are results, not inputs</source>
        <translation>der Ausgabeordner, nicht durchsucht: seine Dateien sind Ergebnisse, keine Eingaben</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) put down: its image went on %3 s after the cancel; starting a replacement</source>
        <translation>Arbeitsprozess %1 (PID %2) beendet: sein Bild lief %3 s nach dem Abbruch weiter; ein Ersatz wird gestartet</translation>
    </message>
    <message>
        <source>cannot write the report %1: that file is not a PixelPool report, and it is not replaced</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: diese Datei ist kein PixelPool-Bericht und wird nicht ersetzt</translation>
    </message>
    <message>
        <source>cannot write the output %1: %2</source>
        <translation>die Ausgabe %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>another preset is named &quot;%1&quot; already; choose a name of its own</source>
        <translation>eine andere Voreinstellung heißt bereits „%1“; wählen Sie einen eigenen Namen</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) broke the protocol: %3; killing it</source>
        <translation>Arbeitsprozess %1 (PID %2) hat das Protokoll verletzt: %3; er wird beendet</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) sent a malformed frame: %3; killing it</source>
        <translation>Arbeitsprozess %1 (PID %2) hat einen fehlerhaften Rahmen gesendet: %3; er wird beendet</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) lost: %3</source>
        <translation>Arbeitsprozess %1 (PID %2) verloren: %3</translation>
    </message>
    <message>
        <source>worker %1 (pid %2) put down: its image went on %3 s after the cancel</source>
        <translation>Arbeitsprozess %1 (PID %2) beendet: sein Bild lief %3 s nach dem Abbruch weiter</translation>
    </message>
    <message>
        <source>output folder %1 is gone (removed or moved during the batch); it is not made again</source>
        <translation>Ausgabeordner %1 ist verschwunden (während der Stapelverarbeitung entfernt oder verschoben); er wird nicht neu angelegt</translation>
    </message>
    <message>
        <source>output folder %1 can no longer be written: %2</source>
        <translation>in den Ausgabeordner %1 kann nicht mehr geschrieben werden: %2</translation>
    </message>
    <message>
        <source>sub-folder, not scanned without --recursive</source>
        <translation>Unterordner, ohne --recursive nicht durchsucht</translation>
    </message>
    <message>
        <source>%1 (detail: %2)</source>
        <extracomment>%1: what went wrong, translated; %2: the worker&apos;s or a decoder&apos;s own words, in English</extracomment>
        <translation>%1 (Details: %2)</translation>
    </message>
    <message>
        <source>the output path %1 would be %2 bytes long, over the limit of %3 bytes (the system&apos;s PATH_MAX of %4 bytes, less room for the temporary file&apos;s name)</source>
        <translation>der Ausgabepfad %1 wäre %2 Bytes lang, über der Grenze von %3 Bytes (PATH_MAX des Systems von %4 Bytes, abzüglich Platz für den Namen der temporären Datei)</translation>
    </message>
    <message>
        <source>the output&apos;s name was shortened to %1 bytes, the file system&apos;s limit for a name</source>
        <translation>der Name der Ausgabe wurde auf %1 Bytes gekürzt, die Grenze des Dateisystems für einen Namen</translation>
    </message>
    <message>
        <source>%1 written as _: a file system made for Windows, as on a memory card, takes none in a name</source>
        <translation>%1 als _ geschrieben: ein Dateisystem für Windows, wie auf einer Speicherkarte, nimmt keins davon in einen Namen</translation>
    </message>
    <message>
        <source>given twice</source>
        <translation>doppelt angegeben</translation>
    </message>
    <message>
        <source>a file stands where a folder should be</source>
        <translation>wo ein Ordner sein sollte, steht eine Datei</translation>
    </message>
    <message>
        <source>%1 must have some text to draw: it is empty, or only spaces and characters that draw nothing</source>
        <translation>%1 braucht einen Text zum Zeichnen: er ist leer oder besteht nur aus Leerzeichen und Zeichen, die nichts zeichnen</translation>
    </message>
    <message>
        <source>the file name template must not make a folder without a name (&quot;//&quot;)</source>
        <translation>die Namensvorlage darf keinen Ordner ohne Namen („//“) ergeben</translation>
    </message>
    <message>
        <source>%1 is used only in mode &quot;%2&quot;, and without a &quot;mode&quot; the step is &quot;%3&quot;: add &quot;mode&quot;: &quot;%2&quot;</source>
        <translation>%1 gilt nur im Modus „%2“, und ohne „mode“ ist der Schritt „%3“: „mode“: „%2“ ergänzen</translation>
    </message>
    <message>
        <source>output folder %1 cannot be created: %2 is a symbolic link to %3, which does not exist</source>
        <translation>Ausgabeordner %1 kann nicht angelegt werden: %2 ist ein symbolischer Link auf %3, das es nicht gibt</translation>
    </message>
    <message>
        <source>a kind or feature of its format that PixelPool does not read</source>
        <translation>eine Variante oder Eigenschaft des Formats, die PixelPool nicht lesen kann</translation>
    </message>
    <message>
        <source>the input list %1 is too large: at most %2 MB and %3 paths (split the batch into several lists)</source>
        <translation>die Liste der Eingaben %1 ist zu groß: höchstens %2 MB und %3 Pfade (teilen Sie den Stapel auf mehrere Listen auf)</translation>
    </message>
    <message>
        <source>the input list %1 is not a list of paths: entry %2 is longer than %3 bytes, longer than any path</source>
        <translation>die Liste der Eingaben %1 ist keine Liste von Pfaden: Eintrag %2 ist länger als %3 Bytes, länger als jeder Pfad</translation>
    </message>
    <message>
        <source>the input list %1 is not a list of paths: line %2 holds a NUL byte (a list separated by NUL bytes, as find -print0 writes it, needs --null)</source>
        <translation>die Liste der Eingaben %1 ist keine Liste von Pfaden: Zeile %2 enthält ein NUL-Byte (eine durch NUL-Bytes getrennte Liste, wie find -print0 sie schreibt, braucht --null)</translation>
    </message>
    <message>
        <source>cannot write to standard output: %1</source>
        <translation>kann nicht in die Standardausgabe schreiben: %1</translation>
    </message>
    <message>
        <source>cannot write to standard output: the program reading it has ended (broken pipe)</source>
        <translation>kann nicht in die Standardausgabe schreiben: das Programm, das sie liest, ist beendet (Broken Pipe)</translation>
    </message>
    <message>
        <source>running %1 of the %2 workers asked for: each needs about %3 open files, and the limit is %4 (ulimit -n)</source>
        <translation>%1 der %2 verlangten Worker laufen: jeder braucht etwa %3 offene Dateien, und die Grenze ist %4 (ulimit -n)</translation>
    </message>
    <message>
        <source>running with %1 of %2 workers: %3</source>
        <translation>es laufen %1 von %2 Workern: %3</translation>
    </message>
    <message>
        <source>%1 comes from another listing of inputs (%2 inputs) than %3 (%4 inputs): run every shard over the same inputs (one --inputs-from file)</source>
        <translation>%1 stammt aus einer anderen Liste von Eingaben (%2 Eingaben) als %3 (%4 Eingaben): Lassen Sie jeden Teil über dieselben Eingaben laufen (eine Datei für --inputs-from)</translation>
    </message>
    <message>
        <source>cannot write the report %1: it is a folder; give a file name for the report, such as %1/shard-0.json</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: es ist ein Ordner; geben Sie einen Dateinamen für den Bericht an, etwa %1/shard-0.json</translation>
    </message>
    <message>
        <source>%1: a report of an earlier PixelPool (version %2), which split the inputs by other keys: run every shard again with this one (--overwrite skip keeps what is done)</source>
        <translation>%1: ein Bericht eines früheren PixelPool (Version %2), das die Eingaben nach anderen Schlüsseln aufteilte: Lassen Sie jeden Teil mit diesem erneut laufen (--overwrite skip behält, was erledigt ist)</translation>
    </message>
    <message>
        <source>%1 and %2 were made with different options (%3; %4): their outputs may differ</source>
        <translation>%1 und %2 entstanden mit verschiedenen Optionen (%3; %4): ihre Ausgaben können sich unterscheiden</translation>
    </message>
    <message>
        <source>reports: %1; %2 done, %3 failed, %4 already done, %5 skipped; longest shard %6 s, all shards %7 s</source>
        <translation>Berichte: %1; %2 fertig, %3 fehlgeschlagen, %4 schon erledigt, %5 übersprungen; längster Teil %6 s, alle Teile %7 s</translation>
    </message>
    <message>
        <source>missing: shard %1 did not finish (running or killed, %2 pending): %3</source>
        <translation>fehlt: Teil %1 wurde nicht fertig (läuft noch oder wurde beendet, %2 ausstehend): %3</translation>
    </message>
    <message>
        <source>missing: shard %1 did not finish (cancelled, %2 pending): %3</source>
        <translation>fehlt: Teil %1 wurde nicht fertig (abgebrochen, %2 ausstehend): %3</translation>
    </message>
    <message>
        <source>missing: %1 of the inputs not finished: %2</source>
        <translation>fehlt: %1 der Eingaben nicht fertig: %2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>incomplete: %1 of the inputs pending in a report, %2 in no report</source>
        <translation>unvollständig: %1 der Eingaben in einem Bericht ausstehend, %2 in keinem Bericht</translation>
    </message>
    <message>
        <source>incomplete: %1 of the inputs pending in a report; how many are in no report is not known, as the reports are of different listings</source>
        <translation>unvollständig: %1 der Eingaben in einem Bericht ausstehend; wie viele in keinem Bericht stehen, ist unbekannt, da die Berichte aus verschiedenen Listen stammen</translation>
    </message>
    <message>
        <source>workers cannot start (%1)</source>
        <extracomment>%1: why, e.g. &quot;cannot start worker /usr/libexec/pixelpool/pixelpool-worker: permission denied&quot;</extracomment>
        <translation>Arbeitsprozesse können nicht starten (%1)</translation>
    </message>
    <message>
        <source>cannot start worker %1: %2</source>
        <extracomment>%1: the worker executable&apos;s path; %2: the system&apos;s reason</extracomment>
        <translation>der Arbeitsprozess %1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>too many open files (the limit is %1: ulimit -n)</source>
        <translation>zu viele offene Dateien (die Grenze ist %1: ulimit -n)</translation>
    </message>
    <message>
        <source>signal %1 (%2)</source>
        <extracomment>%1: the signal&apos;s number; %2: its name, e.g. SIGKILL</extracomment>
        <translation>Signal %1 (%2)</translation>
    </message>
    <message>
        <source>killed from outside PixelPool by %1</source>
        <translation>von außerhalb von PixelPool beendet durch %1</translation>
    </message>
    <message>
        <source>crashed with %1</source>
        <translation>abgestürzt mit %1</translation>
    </message>
    <message>
        <source>exited unexpectedly with code %1</source>
        <translation>unerwartet mit Code %1 beendet</translation>
    </message>
    <message>
        <source>timed out after %1 s</source>
        <translation>nach %1 s abgebrochen (Zeitlimit)</translation>
    </message>
    <message>
        <source>closed its connection</source>
        <translation>hat seine Verbindung geschlossen</translation>
    </message>
    <message>
        <source>did not get ready within %1 s</source>
        <translation>war nicht innerhalb von %1 s bereit</translation>
    </message>
    <message>
        <source>sent an invalid message (%1)</source>
        <extracomment>%1: the front end&apos;s account of the violation, in English</extracomment>
        <translation>hat eine ungültige Nachricht gesendet (%1)</translation>
    </message>
    <message>
        <source>sent a malformed frame (%1)</source>
        <extracomment>%1: the front end&apos;s account of the violation, in English</extracomment>
        <translation>hat einen fehlerhaften Rahmen gesendet (%1)</translation>
    </message>
    <message>
        <source>%2 while working on %1</source>
        <extracomment>%1: the image&apos;s file; %2: how the worker went, e.g. &quot;crashed with signal 11 (SIGSEGV)&quot;</extracomment>
        <translation>%2 während der Arbeit an %1</translation>
    </message>
    <message>
        <source>%1 while working on an image without a file</source>
        <extracomment>%1: how the worker went; the image was dropped or pasted, it has no file</extracomment>
        <translation>%1 während der Arbeit an einem Bild ohne Datei</translation>
    </message>
    <message>
        <source>%1, with no image running</source>
        <extracomment>%1: how the worker went</extracomment>
        <translation>%1, während kein Bild in Arbeit war</translation>
    </message>
    <message>
        <source>worker %1</source>
        <extracomment>An image&apos;s failure. %1: how its worker went, e.g. &quot;crashed with signal 11 (SIGSEGV)&quot;, &quot;killed from outside PixelPool by signal 9 (SIGKILL)&quot;</extracomment>
        <translation>Arbeitsprozess %1</translation>
    </message>
    <message>
        <source>incomplete: shards without a report: %1 (%2 of %3); %4 of the inputs pending in a report, %5 in no report</source>
        <extracomment>%1: the shards&apos; numbers (&quot;2&quot; or &quot;2, 5&quot;); %2 of %3 shards; %4, %5: numbers of inputs</extracomment>
        <translation>unvollständig: Teile ohne Bericht: %1 (%2 von %3); %4 der Eingaben in einem Bericht ausstehend, %5 in keinem Bericht</translation>
    </message>
    <message>
        <source>the output would replace the source image; choose another folder or name, or turn on &quot;Let outputs replace their source images&quot; in the preset&apos;s output settings (allowOverwriteSource in a preset file)</source>
        <translation>die Ausgabe würde das Quellbild ersetzen; wählen Sie einen anderen Ordner oder Namen oder schalten Sie „Ausgaben dürfen ihre Quellbilder ersetzen“ in den Ausgabeeinstellungen der Voreinstellung ein (allowOverwriteSource in einer Voreinstellungsdatei)</translation>
    </message>
    <message>
        <source>no free name for %1: it and the %2 numbered names after it are taken</source>
        <extracomment>%1: the output&apos;s path; %2: how many numbered names were tried (&quot;NAME (2).png&quot;, …)</extracomment>
        <translation>kein freier Name für %1: er und die %2 nummerierten Namen danach sind belegt</translation>
    </message>
    <message>
        <source>with %1, the preset cannot be used: %2</source>
        <extracomment>%1: the command line&apos;s options, like &quot;--format png&quot;; %2: what the preset cannot do with them</extracomment>
        <translation>mit %1 ist die Voreinstellung nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>%1 is given twice, at line %2, column %3 and before at line %4, column %5: a preset says each setting once</source>
        <extracomment>%1: the setting, like output.quality; then where it is given the second and the first time</extracomment>
        <translation>%1 steht zweimal da, in Zeile %2, Spalte %3 und davor in Zeile %4, Spalte %5: eine Voreinstellung nennt jede Einstellung einmal</translation>
    </message>
    <message>
        <source>%1 must not contain control characters (U+%2 at character %3)</source>
        <extracomment>%1: the setting; %2: the character&apos;s code point in hex (&quot;000A&quot;); %3: its place in the text, from 1</extracomment>
        <translation>%1 darf keine Steuerzeichen enthalten (U+%2 an Zeichen %3)</translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters</source>
        <translation>%1 ist länger als %2 Zeichen</translation>
    </message>
    <message>
        <source>%1 is a path longer than %2 characters</source>
        <translation>%1 ist ein Pfad länger als %2 Zeichen</translation>
    </message>
    <message>
        <source>the file name template must not contain control characters (U+%1 at character %2)</source>
        <extracomment>%1: the character&apos;s code point in hex (&quot;000A&quot;); %2: its place in the template, from 1</extracomment>
        <translation>die Namensvorlage darf keine Steuerzeichen enthalten (U+%1 an Zeichen %2)</translation>
    </message>
    <message>
        <source>{preset} is the preset&apos;s name &quot;%1&quot;, which makes a &quot;%2&quot; folder: give the preset another name</source>
        <extracomment>%1: the preset&apos;s name; %2: the folder it makes, &quot;.&quot; or &quot;..&quot;</extracomment>
        <translation>{preset} ist der Name der Voreinstellung „%1“, der einen Ordner „%2“ ergibt: Geben Sie der Voreinstellung einen anderen Namen</translation>
    </message>
    <message>
        <source>user preset not loaded: %1</source>
        <extracomment>%1: the file and why, like &quot;/home/me/.config/PixelPool/presets/a.json: not valid JSON at line 1, …&quot;</extracomment>
        <translation>eigene Voreinstellung nicht geladen: %1</translation>
    </message>
    <message>
        <source>control character U+%1 in a string (JSON has it written as \u%1)</source>
        <extracomment>%1: the character&apos;s code point in hex (&quot;0000&quot;)</extracomment>
        <translation>Steuerzeichen U+%1 in einer Zeichenkette (JSON schreibt es als \u%1)</translation>
    </message>
    <message>
        <source>lossless output asked for, but format: keep (same as the input) writes this image as %1, which has no lossless mode: choose an output format that has one (%2), or turn lossless off</source>
        <extracomment>%1: the format the image would be written in (&quot;jpeg&quot;); %2: the formats that have a lossless mode</extracomment>
        <translation>verlustfreie Ausgabe verlangt, aber format: keep („wie die Eingabe“) schreibt dieses Bild als %1, das keinen verlustfreien Modus hat: wählen Sie ein Ausgabeformat mit einem (%2) oder schalten Sie „verlustfrei“ aus</translation>
    </message>
    <message>
        <source>%1: %2 is %3, which has no lossless mode: choose one of %4, or turn lossless off</source>
        <extracomment>%1: the setting that asks for lossless output; %2: the setting of its format; %3: the format (&quot;jpeg&quot;); %4: the formats that have a lossless mode</extracomment>
        <translation>%1: %2 ist %3, das keinen verlustfreien Modus hat: wählen Sie eines von %4 oder schalten Sie lossless aus</translation>
    </message>
    <message>
        <source>an image sequence (.avifs, .heics), not taken from folders: named on its own, its still image is read</source>
        <translation>eine Bildfolge (.avifs, .heics), aus Ordnern nicht übernommen: einzeln genannt wird ihr Standbild gelesen</translation>
    </message>
    <message>
        <source>preset &quot;%1&quot;, %2: %3 cannot be read (%4), so every image would fail</source>
        <extracomment>%1: the preset&apos;s name; %2: the field, like steps[2].logo.file; %3: the file; %4: why</extracomment>
        <translation>Voreinstellung „%1“, %2: %3 kann nicht gelesen werden (%4), daher würde jedes Bild scheitern</translation>
    </message>
    <message>
        <source>preset &quot;%1&quot;, %2: %3 is an empty file, so every image would fail</source>
        <extracomment>%1: the preset&apos;s name; %2: the field, like steps[2].logo.file; %3: the file</extracomment>
        <translation>Voreinstellung „%1“, %2: %3 ist eine leere Datei, daher würde jedes Bild scheitern</translation>
    </message>
    <message>
        <source>the same folder met again while scanning (a loop or a bind mount), not scanned twice</source>
        <translation>derselbe Ordner beim Durchsuchen noch einmal angetroffen (eine Schleife oder ein Bind-Mount), nicht zweimal durchsucht</translation>
    </message>
    <message>
        <source>an output an earlier run made of another image of this batch</source>
        <translation>eine Ausgabe, die ein früherer Lauf aus einem anderen Bild dieses Stapels gemacht hat</translation>
    </message>
    <message>
        <source>an output an earlier run made of another image in the queue, into this folder</source>
        <translation>eine Ausgabe, die ein früherer Lauf aus einem anderen Bild der Warteschlange in diesen Ordner geschrieben hat</translation>
    </message>
    <message>
        <source>%1 is missing: %2 is given, and mode &quot;%3&quot; needs both</source>
        <extracomment>%1: the setting missing (&quot;resize.height&quot;); %2: the one given (&quot;resize.width&quot;); %3: the step&apos;s mode</extracomment>
        <translation>%1 fehlt: %2 ist angegeben, und der Modus „%3“ braucht beide</translation>
    </message>
    <message>
        <source>%1 is %2: at an opacity of %3 the text would not show (less than a hundredth of it); give the colour a higher alpha (its last two digits), or leave them out</source>
        <extracomment>%1: the setting (&quot;watermark.color&quot;); %2: its value (&quot;#ffffff00&quot;); %3: the opacity</extracomment>
        <translation>%1 ist %2: bei einer Deckkraft von %3 wäre der Text nicht zu sehen (weniger als ein Hundertstel davon); geben Sie der Farbe ein höheres Alpha (ihre letzten zwei Ziffern) oder lassen Sie es weg</translation>
    </message>
    <message>
        <source>--shard auto: the variables of more than one scheduler are set (%1), so which one numbers the shards is not known (GNU parallel inside a Slurm array task would run the same shard in every job); give --shard K/N</source>
        <extracomment>%1: the variables, such as &quot;SLURM_ARRAY_TASK_ID, PARALLEL_SEQ&quot;</extracomment>
        <translation>--shard auto: die Variablen mehr als eines Schedulers sind gesetzt (%1), daher ist unbekannt, welcher die Teile nummeriert (GNU parallel in einer Aufgabe eines Slurm-Arrays liefe in jedem Job mit demselben Teil); geben Sie --shard K/N an</translation>
    </message>
    <message>
        <source>cannot write the report %1: not a regular file (a pipe, socket or device), and it is not replaced; give a file name for the report</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: keine reguläre Datei (eine Pipe, ein Socket oder ein Gerät), und sie wird nicht ersetzt; geben Sie einen Dateinamen für den Bericht an</translation>
    </message>
    <message>
        <source>%1 is the report %2 again: read once</source>
        <translation>%1 ist noch einmal der Bericht %2: einmal gelesen</translation>
    </message>
    <message>
        <source>%1: not a valid report: its shard.index %2 is not a number from 0 below its shard.count %3</source>
        <extracomment>%2, %3: the values as the report has them (a number, or null when missing)</extracomment>
        <translation>%1: kein gültiger Bericht: sein shard.index %2 ist keine Zahl von 0 bis unter sein shard.count %3</translation>
    </message>
    <message>
        <source>%1: not a valid report: its listing.per_shard has %2 numbers for %3 shards</source>
        <translation>%1: kein gültiger Bericht: sein listing.per_shard hat %2 Zahlen für %3 Teile</translation>
    </message>
    <message>
        <source>%1: not a valid report: inputs[%2].outcome is %3, not one that PixelPool writes (done, already_done, failed, skipped, pending, cancelled)</source>
        <extracomment>%3: the value as the report has it (&quot;weird&quot;, or null when missing)</extracomment>
        <translation>%1: kein gültiger Bericht: inputs[%2].outcome ist %3, keines, das PixelPool schreibt (done, already_done, failed, skipped, pending, cancelled)</translation>
    </message>
    <message>
        <source>missing: shard %1 owns %2 inputs, but its report lists %3 (cut or edited; the others are in no report: run the shard again): %4</source>
        <extracomment>%1: the shard (&quot;1/3&quot;); %2, %3: numbers of inputs; %4: its report</extracomment>
        <translation>fehlt: Teil %1 hat %2 Eingaben, sein Bericht nennt aber %3 (gekürzt oder bearbeitet; die übrigen stehen in keinem Bericht: lassen Sie den Teil erneut laufen): %4</translation>
    </message>
    <message>
        <source>output folder %1 was replaced during the batch (moved away, and something else given its name: another folder, a link or a file); nothing is written there</source>
        <translation>Ausgabeordner %1 wurde während der Stapelverarbeitung ersetzt (weggeschoben, und etwas anderes trägt jetzt seinen Namen: ein anderer Ordner, eine Verknüpfung oder eine Datei); dorthin wird nichts geschrieben</translation>
    </message>
    <message>
        <source>too many processes and threads for the user (the limit is %1: ulimit -u)</source>
        <extracomment>%1: the limit on the processes and threads of one user (ulimit -u), a number</extracomment>
        <translation>zu viele Prozesse und Threads für den Benutzer (die Grenze ist %1: ulimit -u)</translation>
    </message>
    <message>
        <source>a worker cannot start threads: %1</source>
        <extracomment>%1: why the system refused it, e.g. &quot;too many processes and threads for the user (the limit is 6: ulimit -u)&quot;</extracomment>
        <translation>ein Worker kann keine Threads starten: %1</translation>
    </message>
    <message>
        <source>no room for another file on the device (all its inodes are in use)</source>
        <translation>kein Platz für eine weitere Datei auf dem Gerät (alle seine Inodes sind belegt)</translation>
    </message>
    <message>
        <source>%1 must be an opaque colour like &quot;%2&quot;: transparency is flattened onto it, and %3 is not</source>
        <translation>%1 muss eine deckende Farbe wie „%2“ sein: Transparenz wird auf sie gelegt, und %3 ist es nicht</translation>
    </message>
    <message>
        <source>did not start the image it was given within %1 s</source>
        <extracomment>%1: the time limit in seconds (--timeout); the worker is the subject</extracomment>
        <translation>hat das ihm gegebene Bild nicht innerhalb von %1 s begonnen</translation>
    </message>
    <message>
        <source>did not take the files of the images it was given</source>
        <translation>hat die Dateien der ihm gegebenen Bilder nicht angenommen</translation>
    </message>
    <message>
        <source>the preset&apos;s steps read more than %1 files (logos and fonts); it reads %2</source>
        <translation>die Schritte der Voreinstellung lesen mehr als %1 Dateien (Logos und Schriften); sie liest %2</translation>
    </message>
    <message>
        <source>no answer within the time limit (a network share or a disk that is gone?)</source>
        <translation>keine Antwort innerhalb der Zeitgrenze (eine Netzwerkfreigabe oder ein Laufwerk, das nicht mehr da ist?)</translation>
    </message>
    <message>
        <source>a file did not open within %1 s (a network share or a disk that is gone?): its image fails, and the others&apos; files are opened anew</source>
        <extracomment>%1: the time limit in seconds (--timeout)</extracomment>
        <translation>eine Datei ließ sich nicht innerhalb von %1 s öffnen (eine Netzwerkfreigabe oder ein Laufwerk, das nicht mehr da ist?): Das Bild dazu schlägt fehl, die Dateien der anderen werden neu geöffnet</translation>
    </message>
    <message>
        <source>symbolic link to a file outside the folder, not followed</source>
        <translation>symbolische Verknüpfung auf eine Datei außerhalb des Ordners, nicht verfolgt</translation>
    </message>
    <message>
        <source>it leads outside the folder it was found in now (a symbolic link put there since the scan?)</source>
        <translation>sie führt jetzt aus dem Ordner hinaus, in dem sie gefunden wurde (seit dem Durchsuchen dort eine symbolische Verknüpfung abgelegt?)</translation>
    </message>
    <message>
        <source>preset &quot;%1&quot;, %2: %3 is not a regular file (a pipe, socket or device), so every image would fail</source>
        <extracomment>%1: the preset&apos;s name; %2: the field, like steps[2].logo.file; %3: the file</extracomment>
        <translation>Voreinstellung „%1“, %2: %3 ist keine gewöhnliche Datei (eine Pipe, ein Socket oder ein Gerät), daher würde jedes Bild scheitern</translation>
    </message>
    <message>
        <source>the &quot;{&quot; at character %1 of the file name template is not closed: placeholders are written like {name}</source>
        <extracomment>%1: the brace&apos;s place in the template, counted in characters from 1</extracomment>
        <translation>die geschweifte Klammer „{“ an Zeichen %1 der Namensvorlage wird nicht geschlossen: Platzhalter werden wie {name} geschrieben</translation>
    </message>
    <message>
        <source>the &quot;}&quot; at character %1 of the file name template closes no placeholder: placeholders are written like {name}</source>
        <extracomment>%1: the brace&apos;s place in the template, counted in characters from 1</extracomment>
        <translation>die geschweifte Klammer „}“ an Zeichen %1 der Namensvorlage schließt keinen Platzhalter: Platzhalter werden wie {name} geschrieben</translation>
    </message>
    <message>
        <source>%2 (did you mean %1?)</source>
        <extracomment>%1: the name meant, like &quot;colour&quot;; %2: what is wrong, like &quot;output.color is not a known setting&quot;</extracomment>
        <translation>%2 (meinten Sie %1?)</translation>
    </message>
    <message>
        <source>cannot write the output in %1: %2</source>
        <extracomment>%1: a folder; %2: why, e.g. &quot;no space left on the device (disk full)&quot;</extracomment>
        <translation>die Ausgabe kann in %1 nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot create a file in output folder %1: %2</source>
        <extracomment>%1: a folder; %2: why, e.g. &quot;no room for another file on the device (all its inodes are in use)&quot;</extracomment>
        <translation>im Ausgabeordner %1 kann keine Datei angelegt werden: %2</translation>
    </message>
    <message>
        <source>the input list %1 names no input: nothing to do</source>
        <translation>die Liste der Eingaben %1 nennt keine Eingabe: nichts zu tun</translation>
    </message>
    <message>
        <source>cannot create the preset folder %1: %2</source>
        <extracomment>%1: a folder; %2: why, e.g. &quot;permission denied&quot;</extracomment>
        <translation>der Ordner für Voreinstellungen %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>cannot write the report %1: it is standard output, where --json writes its events; give the report a file of its own</source>
        <translation>der Bericht %1 kann nicht geschrieben werden: er ist die Standardausgabe, in die --json seine Ereignisse schreibt; geben Sie dem Bericht eine eigene Datei</translation>
    </message>
    <message>
        <source>%1: not a valid report: inputs[%2].key is %3, not an input&apos;s key (a path)</source>
        <extracomment>%3: the value as the report has it (7, null when missing)</extracomment>
        <translation>%1: kein gültiger Bericht: inputs[%2].key ist %3, kein Schlüssel einer Eingabe (ein Pfad)</translation>
    </message>
    <message>
        <source>%1: not a valid report: inputs[%2] and inputs[%3] are one input, %4 (a shard lists each of its inputs once)</source>
        <translation>%1: kein gültiger Bericht: inputs[%2] und inputs[%3] sind eine Eingabe, %4 (ein Shard führt jede seiner Eingaben einmal auf)</translation>
    </message>
</context>
<context>
    <name>pp::OperationCatalog</name>
    <message>
        <source>top</source>
        <translation>oben</translation>
    </message>
    <message>
        <source>bottom</source>
        <translation>unten</translation>
    </message>
    <message>
        <source>left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>Resize</source>
        <translation>Größe ändern</translation>
    </message>
    <message>
        <source>Fit within a box, fill and crop it, set an exact size, or scale by a percentage.</source>
        <translation>In einen Rahmen einpassen, ihn füllen und beschneiden, eine genaue Größe setzen oder um einen Prozentsatz skalieren.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <source>Only shrink, never enlarge</source>
        <translation>Nur verkleinern, nie vergrößern</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>linear</translation>
    </message>
    <message>
        <source>cubic</source>
        <translation>kubisch</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>Zuschneiden</translation>
    </message>
    <message>
        <source>Cut out a rectangle, or the largest centred area of an aspect ratio.</source>
        <translation>Ein Rechteck ausschneiden oder die größte mittige Fläche eines Seitenverhältnisses.</translation>
    </message>
    <message>
        <source>Aspect width</source>
        <translation>Seitenverhältnis Breite</translation>
    </message>
    <message>
        <source>Aspect height</source>
        <translation>Seitenverhältnis Höhe</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Oben</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Drehen</translation>
    </message>
    <message>
        <source>Rotate clockwise. Multiples of 90° are lossless; other angles enlarge the canvas.</source>
        <translation>Im Uhrzeigersinn drehen. Vielfache von 90° sind verlustfrei; andere Winkel vergrößern die Fläche.</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>Winkel</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>Hintergrund</translation>
    </message>
    <message>
        <source>Flip</source>
        <translation>Spiegeln</translation>
    </message>
    <message>
        <source>Mirror the image.</source>
        <translation>Das Bild spiegeln.</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>horizontal</source>
        <translation>waagerecht</translation>
    </message>
    <message>
        <source>vertical</source>
        <translation>senkrecht</translation>
    </message>
    <message>
        <source>both</source>
        <translation>beide</translation>
    </message>
    <message>
        <source>Auto-orient</source>
        <translation>Automatisch ausrichten</translation>
    </message>
    <message>
        <source>Turn the image upright as its EXIF orientation says.</source>
        <translation>Das Bild aufrecht drehen, wie es seine EXIF-Ausrichtung angibt.</translation>
    </message>
    <message>
        <source>Gaussian blur</source>
        <translation>Gaußscher Weichzeichner</translation>
    </message>
    <message>
        <source>Blur with a Gaussian of the given standard deviation.</source>
        <translation>Mit einer Gauß-Verteilung der angegebenen Standardabweichung weichzeichnen.</translation>
    </message>
    <message>
        <source>Radius (sigma)</source>
        <translation>Radius (Sigma)</translation>
    </message>
    <message>
        <source>Sharpen</source>
        <translation>Schärfen</translation>
    </message>
    <message>
        <source>Unsharp mask.</source>
        <translation>Unscharfmaskierung.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellwert</translation>
    </message>
    <message>
        <source>Brightness and contrast</source>
        <translation>Helligkeit und Kontrast</translation>
    </message>
    <message>
        <source>Shift brightness and stretch contrast.</source>
        <translation>Helligkeit verschieben und Kontrast spreizen.</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>Helligkeit</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>Kontrast</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>Gamma correction; above 1 brightens the mid-tones.</source>
        <translation>Gammakorrektur; über 1 hellt die Mitteltöne auf.</translation>
    </message>
    <message>
        <source>Saturation</source>
        <translation>Sättigung</translation>
    </message>
    <message>
        <source>Scale colour saturation; 0 is grey, 1 unchanged.</source>
        <translation>Farbsättigung skalieren; 0 ist grau, 1 unverändert.</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>Faktor</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <source>Convert to shades of grey.</source>
        <translation>In Graustufen umwandeln.</translation>
    </message>
    <message>
        <source>Sepia</source>
        <translation>Sepia</translation>
    </message>
    <message>
        <source>Warm brown tone.</source>
        <translation>Warmer Braunton.</translation>
    </message>
    <message>
        <source>Intensity</source>
        <translation>Intensität</translation>
    </message>
    <message>
        <source>Text watermark</source>
        <translation>Text-Wasserzeichen</translation>
    </message>
    <message>
        <source>Draw text over the image, sized relative to it. Characters the font lacks come from other installed fonts.</source>
        <translation>Text über das Bild legen, in der Größe relativ zum Bild. Zeichen, die der Schrift fehlen, kommen aus anderen installierten Schriften.</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Size (share of image height)</source>
        <translation>Größe (Anteil der Bildhöhe)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Rand</translation>
    </message>
    <message>
        <source>Font family</source>
        <translation>Schriftfamilie</translation>
    </message>
    <message>
        <source>Font file</source>
        <translation>Schriftdatei</translation>
    </message>
    <message>
        <source>Fonts (*.ttf *.otf *.ttc *.otc)</source>
        <translation>Schriften (*.ttf *.otf *.ttc *.otc)</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Draw an image (a PNG with transparency, or any image PixelPool reads) over the image, sized relative to its width.</source>
        <translation>Ein Bild (ein PNG mit Transparenz oder jedes Bild, das PixelPool liest) über das Bild legen, in der Größe relativ zu dessen Breite.</translation>
    </message>
    <message>
        <source>Image file</source>
        <translation>Bilddatei</translation>
    </message>
    <message>
        <source>Images (*.png *.webp *.tif *.tiff *.jpg *.jpeg *.gif *.heic *.avif *.bmp)</source>
        <translation>Bilder (*.png *.webp *.tif *.tiff *.jpg *.jpeg *.gif *.heic *.avif *.bmp)</translation>
    </message>
    <message>
        <source>Size (share of image width)</source>
        <translation>Größe (Anteil der Bildbreite)</translation>
    </message>
    <message>
        <source>Border</source>
        <translation>Rahmen</translation>
    </message>
    <message>
        <source>Pad the image with a coloured border.</source>
        <translation>Das Bild mit einem farbigen Rahmen umgeben.</translation>
    </message>
    <message>
        <source>bottom right</source>
        <translation>unten rechts</translation>
    </message>
    <message>
        <source>bottom left</source>
        <translation>unten links</translation>
    </message>
    <message>
        <source>top right</source>
        <translation>oben rechts</translation>
    </message>
    <message>
        <source>top left</source>
        <translation>oben links</translation>
    </message>
    <message>
        <source>centre</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <source>fit within</source>
        <translation>einpassen</translation>
    </message>
    <message>
        <source>fill and crop</source>
        <translation>füllen und beschneiden</translation>
    </message>
    <message>
        <source>exact size</source>
        <translation>genaue Größe</translation>
    </message>
    <message>
        <source>scale by percentage</source>
        <translation>prozentual skalieren</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>area average</source>
        <translation>Flächenmittel</translation>
    </message>
    <message>
        <source>Lanczos</source>
        <translation>Lanczos</translation>
    </message>
    <message>
        <source>nearest neighbour</source>
        <translation>nächster Nachbar</translation>
    </message>
    <message>
        <source>aspect ratio</source>
        <translation>Seitenverhältnis</translation>
    </message>
    <message>
        <source>rectangle</source>
        <translation>Rechteck</translation>
    </message>
</context>
<context>
    <name>pp::WorkerDetail</name>
    <message>
        <source>empty file</source>
        <translation>leere Datei</translation>
    </message>
    <message>
        <source>not an image PixelPool can read (JPEG, PNG, WebP, TIFF, BMP, HEIC, AVIF, GIF, JPEG XL, camera RAW)</source>
        <translation>kein Bild, das PixelPool lesen kann (JPEG, PNG, WebP, TIFF, BMP, HEIC, AVIF, GIF, JPEG XL, Kamera-RAW)</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <extracomment>%1: why, e.g. &quot;permission denied&quot;</extracomment>
        <translation>kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>read error: %1</source>
        <extracomment>%1: why, e.g. &quot;permission denied&quot;</extracomment>
        <translation>Lesefehler: %1</translation>
    </message>
    <message>
        <source>cannot create a file in the output folder: %1</source>
        <extracomment>%1: why, e.g. &quot;no space left on the device (disk full)&quot;</extracomment>
        <translation>im Ausgabeordner kann keine Datei angelegt werden: %1</translation>
    </message>
    <message>
        <source>cannot write the output: %1</source>
        <extracomment>%1: why, e.g. &quot;no space left on the device (disk full)&quot;</extracomment>
        <translation>die Ausgabe kann nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>pp::cli::DryRun</name>
    <message>
        <source>%1 to write</source>
        <translation>%1 zu schreiben</translation>
    </message>
    <message>
        <source>%1 to replace</source>
        <translation>%1 zu ersetzen</translation>
    </message>
    <message>
        <source>%1 to rename</source>
        <translation>%1 umzubenennen</translation>
    </message>
    <message>
        <source>%1 to skip</source>
        <translation>%1 zu überspringen</translation>
    </message>
    <message>
        <source>%1 would fail</source>
        <translation>%1 würden scheitern</translation>
    </message>
    <message>
        <source>dry run, nothing written: %1: %2</source>
        <translation>Probelauf, nichts geschrieben: %1: %2</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 Bilder</translation>
    </message>
    <message>
        <source>dry run, nothing written: %1</source>
        <translation>Probelauf, nichts geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>pp::cli::Options</name>
    <message>
        <source>Run without a window (this mode).</source>
        <translation>Ohne Fenster laufen (dieser Modus).</translation>
    </message>
    <message>
        <source>NAME|FILE</source>
        <translation>NAME|DATEI</translation>
    </message>
    <message>
        <source>Preset name or .json file (default: web).</source>
        <translation>Name einer Voreinstellung oder .json-Datei (Standard: web).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>ORDNER</translation>
    </message>
    <message>
        <source>Output folder (default: the preset&apos;s, else ./pixelpool-output).</source>
        <translation>Ausgabeordner (Standard: der der Voreinstellung, sonst ./pixelpool-output).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Worker processes (default 0: one per core).</source>
        <translation>Arbeitsprozesse (Standard 0: einer je Prozessorkern).</translation>
    </message>
    <message>
        <source>Include sub-folders of folder inputs.</source>
        <translation>Unterordner von Ordnern unter den Eingaben einbeziehen.</translation>
    </message>
    <message>
        <source>Print what would be written where, and whether it would replace, skip or rename; start no worker and write nothing.</source>
        <translation>Ausgeben, was wohin geschrieben würde und ob ersetzt, übersprungen oder umbenannt würde; keinen Arbeitsprozess starten und nichts schreiben.</translation>
    </message>
    <message>
        <source>Print only failed images and errors on stderr.</source>
        <translation>Nur fehlgeschlagene Bilder und Fehler auf stderr ausgeben.</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>Override the output format (jpeg, png, webp, tiff, bmp, jxl, avif, keep).</source>
        <translation>Das Ausgabeformat ersetzen (jpeg, png, webp, tiff, bmp, jxl, avif, keep).</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>Override the JPEG/WebP/JPEG XL/AVIF quality (1-100).</source>
        <translation>Die Qualität für JPEG/WebP/JPEG XL/AVIF ersetzen (1–100).</translation>
    </message>
    <message>
        <source>POLICY</source>
        <translation>REGEL</translation>
    </message>
    <message>
        <source>Override the overwrite policy (skip, rename, overwrite).</source>
        <translation>Die Regel fürs Überschreiben ersetzen (skip, rename, overwrite).</translation>
    </message>
    <message>
        <source>Override what metadata outputs keep (keep, strip-location, strip).</source>
        <translation>Ersetzen, welche Metadaten die Ausgaben behalten (keep, strip-location, strip).</translation>
    </message>
    <message>
        <source>Override the colour handling (keep: the source&apos;s profile; srgb: convert to sRGB).</source>
        <translation>Den Umgang mit Farben ersetzen (keep: das Profil der Quelle; srgb: nach sRGB umrechnen).</translation>
    </message>
    <message>
        <source>Replace a worker after this many images (0: never).</source>
        <translation>Einen Arbeitsprozess nach so vielen Bildern ersetzen (0: nie).</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>MP</source>
        <translation>MP</translation>
    </message>
    <message>
        <source>K/N|auto</source>
        <translation>K/N|auto</translation>
    </message>
    <message>
        <source>The number of shards for --shard auto (else PIXELPOOL_SHARD_COUNT).</source>
        <translation>Die Zahl der Teile für --shard auto (sonst PIXELPOOL_SHARD_COUNT).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Read inputs from a file, one path a line (- for stdin).</source>
        <translation>Eingaben aus einer Datei lesen, ein Pfad je Zeile (- für stdin).</translation>
    </message>
    <message>
        <source>--inputs-from is separated by NUL bytes (find -print0).</source>
        <translation>--inputs-from ist durch NUL-Bytes getrennt (find -print0).</translation>
    </message>
    <message>
        <source>Write a JSON report of this run (shard, command, every input&apos;s outcome) to a file, updated while it runs.</source>
        <translation>Einen JSON-Bericht über diesen Lauf (Teil, Befehl, Ergebnis jeder Eingabe) in eine Datei schreiben, laufend aktualisiert.</translation>
    </message>
    <message>
        <source>List the available presets and exit.</source>
        <translation>Die verfügbaren Voreinstellungen auflisten und beenden.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe zeigen und beenden.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Die Version zeigen und beenden.</translation>
    </message>
    <message>
        <source>Developer option: run jobs on threads of this process, no workers.</source>
        <translation>Entwickleroption: Aufträge in Threads dieses Prozesses ausführen, ohne Arbeitsprozesse.</translation>
    </message>
    <message>
        <source>%1 takes no value</source>
        <translation>%1 nimmt keinen Wert</translation>
    </message>
    <message>
        <source>%1 needs a value (%2)</source>
        <translation>%1 braucht einen Wert (%2)</translation>
    </message>
    <message>
        <source>%1 and %2 cannot go together; choose one</source>
        <translation>%1 und %2 schließen einander aus; wählen Sie eins</translation>
    </message>
    <message>
        <source>INPUT...</source>
        <translation>EINGABE...</translation>
    </message>
    <message>
        <source>OPTION...</source>
        <translation>OPTION...</translation>
    </message>
    <message>
        <source>the window, with these files queued</source>
        <translation>das Fenster, mit diesen Dateien in der Warteschlange</translation>
    </message>
    <message>
        <source>process images and folders, no window</source>
        <translation>Bilder und Ordner verarbeiten, ohne Fenster</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>Aufruf:</translation>
    </message>
    <message>
        <source>PixelPool batch mode: process images and folders with a preset, in a pool of worker processes.</source>
        <translation>PixelPool-Stapelmodus: Bilder und Ordner mit einer Voreinstellung verarbeiten, in einem Pool von Arbeitsprozessen.</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <source>Image files and folders; after &quot;--&quot;, even names that start with &quot;-&quot;.</source>
        <translation>Bilddateien und Ordner; nach „--“ auch Namen, die mit „-“ beginnen.</translation>
    </message>
    <message>
        <source>Exit codes:</source>
        <translation>Rückgabewerte:</translation>
    </message>
    <message>
        <source>every image done (or skipped by policy)</source>
        <translation>jedes Bild fertig (oder nach Regel übersprungen)</translation>
    </message>
    <message>
        <source>nothing was attempted: usage error, preset error, or an unusable output folder</source>
        <translation>nichts wurde versucht: Aufruffehler, Fehler in der Voreinstellung oder unbrauchbarer Ausgabeordner</translation>
    </message>
    <message>
        <source>unknown option &quot;%1&quot; (see pixelpool --help)</source>
        <translation>unbekannte Option „%1“ (siehe pixelpool --help)</translation>
    </message>
    <message>
        <source>--%1 is given twice: %2 &quot;%3&quot; and %4 &quot;%5&quot;; give it once</source>
        <translation>--%1 ist zweimal angegeben: %2 „%3“ und %4 „%5“; geben Sie es nur einmal an</translation>
    </message>
    <message>
        <source>cancelled (Ctrl+C, SIGINT, SIGTERM or SIGHUP)</source>
        <translation>abgebrochen (Strg+C, SIGINT, SIGTERM oder SIGHUP)</translation>
    </message>
    <message>
        <source>what was done could not be recorded: the report (--report) at the end, or standard output</source>
        <translation>was getan wurde, konnte nicht festgehalten werden: der Bericht (--report) am Ende oder die Standardausgabe</translation>
    </message>
    <message>
        <source>%1: only with --batch or --dry-run; the window takes files and folders, no options (a name that starts with &quot;-&quot; goes after &quot;--&quot;; see pixelpool --help)</source>
        <translation>%1: nur mit --batch oder --dry-run; das Fenster nimmt Dateien und Ordner, keine Optionen (ein Name, der mit „-“ beginnt, steht nach „--“; siehe pixelpool --help)</translation>
    </message>
    <message>
        <source>Print one JSON object per event on stdout (%1).</source>
        <extracomment>%1: the path of cli.md (/usr/share/doc/pixelpool/cli.md.gz, or docs/cli.md in the source)</extracomment>
        <translation>Ein JSON-Objekt je Ereignis auf stdout ausgeben (%1).</translation>
    </message>
    <message>
        <source>Run only shard K of N of the inputs (K/N), or take K and N from the scheduler (auto: Slurm array, Kubernetes Indexed Job, GNU parallel). See %1.</source>
        <translation>Nur Teil K von N der Eingaben verarbeiten (K/N), oder K und N vom Scheduler nehmen (auto: Slurm-Array, Kubernetes Indexed Job, GNU parallel). Siehe %1.</translation>
    </message>
    <message>
        <source>NO_COLOR in the environment turns colours off. The full reference: %1.</source>
        <translation>NO_COLOR in der Umgebung schaltet Farben ab. Die vollständige Referenz: %1.</translation>
    </message>
    <message>
        <source>REPORT...</source>
        <translation>BERICHT...</translation>
    </message>
    <message>
        <source>join the reports of a batch&apos;s shards (--shard, --report)</source>
        <translation>die Berichte der Teile einer Stapelverarbeitung zusammenführen (--shard, --report)</translation>
    </message>
    <message>
        <source>some images failed, an input does not exist, or no input is an image</source>
        <translation>einige Bilder fehlgeschlagen, eine Eingabe existiert nicht, oder keine Eingabe ist ein Bild</translation>
    </message>
    <message>
        <source>Also print every finished image, each image&apos;s start with its worker, every file a scan left out, and whether the workers run in a sandbox.</source>
        <translation>Auch jedes fertige Bild, den Start jedes Bildes mit seinem Arbeitsprozess, jede beim Durchsuchen ausgelassene Datei und ob die Arbeitsprozesse in einer Sandbox laufen, ausgeben.</translation>
    </message>
    <message>
        <source>Also take the images that symbolic links inside folder inputs lead to outside those folders (left out by default: a folder from elsewhere may link to your private files).</source>
        <translation>Auch die Bilder nehmen, zu denen symbolische Verknüpfungen in Eingabeordnern außerhalb dieser Ordner führen (standardmäßig ausgelassen: ein Ordner aus fremder Quelle kann auf Ihre privaten Dateien verweisen).</translation>
    </message>
    <message>
        <source>Give up on an image after this many seconds (retried once; default 300).</source>
        <translation>Ein Bild nach so vielen Sekunden aufgeben (ein zweiter Versuch folgt; Standard: 300).</translation>
    </message>
    <message>
        <source>Refuse images larger than this, before decoding (default 200).</source>
        <translation>Größere Bilder vor dem Dekodieren ablehnen (Standard: 200).</translation>
    </message>
</context>
<context>
    <name>pp::cli::ReportCommand</name>
    <message>
        <source>usage: pixelpool report merge [--json] [--] REPORT...</source>
        <translation>Aufruf: pixelpool report merge [--json] [--] BERICHT...</translation>
    </message>
    <message>
        <source>unknown option: %1 (a report whose name starts with &quot;-&quot; goes after &quot;--&quot;)</source>
        <translation>unbekannte Option: %1 (ein Bericht, dessen Name mit „-“ beginnt, gehört hinter „--“)</translation>
    </message>
</context>
<context>
    <name>pp::gui</name>
    <message>
        <source>cannot open the display (%1). For headless use: pixelpool --batch [--preset NAME] [-o DIR] INPUT... (see pixelpool --help)</source>
        <translation>der Bildschirm kann nicht geöffnet werden (%1). Ohne Fenster: pixelpool --batch [--preset NAME] [-o ORDNER] EINGABE... (siehe pixelpool --help)</translation>
    </message>
    <message>
        <source>no display found (DISPLAY and WAYLAND_DISPLAY are not set). For headless use: pixelpool --batch [--preset NAME] [-o DIR] INPUT... (see pixelpool --help)</source>
        <translation>kein Bildschirm gefunden (DISPLAY und WAYLAND_DISPLAY sind nicht gesetzt). Ohne Fenster: pixelpool --batch [--preset NAME] [-o ORDNER] EINGABE... (siehe pixelpool --help)</translation>
    </message>
</context>
<context>
    <name>pp::gui::BatchBanner</name>
    <message>
        <source>Batch summary</source>
        <translation>Zusammenfassung der Stapelverarbeitung</translation>
    </message>
    <message>
        <source>The result of the last batch and what to do next</source>
        <translation>Das Ergebnis der letzten Stapelverarbeitung und was als Nächstes zu tun ist</translation>
    </message>
    <message>
        <source>Open output folder</source>
        <translation>Ausgabeordner öffnen</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <source>Show failures</source>
        <translation>Fehler anzeigen</translation>
    </message>
    <message>
        <source>Hide this summary</source>
        <translation>Diese Zusammenfassung ausblenden</translation>
    </message>
    <message>
        <source>Open the folder the outputs were written to</source>
        <translation>Den Ordner öffnen, in den die Ausgaben geschrieben wurden</translation>
    </message>
    <message>
        <source>Process the images that failed or were cancelled again</source>
        <translation>Die fehlgeschlagenen oder abgebrochenen Bilder erneut verarbeiten</translation>
    </message>
    <message>
        <source>Hide summary</source>
        <translation>Zusammenfassung ausblenden</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Batch cancelled after %1</source>
        <translation>Stapelverarbeitung nach %1 abgebrochen</translation>
    </message>
    <message>
        <source>Batch finished: %1 in %2</source>
        <translation>Stapelverarbeitung beendet: %1 in %2</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>%1 fertig</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 skipped (output existed)</source>
        <translation>%1 übersprungen (Ausgabe existierte)</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 abgebrochen</translation>
    </message>
    <message>
        <source>%1 left out when adding</source>
        <translation>%1 beim Hinzufügen ausgelassen</translation>
    </message>
    <message>
        <source>output: %1</source>
        <translation>Ausgabe: %1</translation>
    </message>
    <message>
        <source>Retry failed and cancelled</source>
        <translation>Fehlgeschlagene und abgebrochene wiederholen</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 Arbeitsprozess</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>%1 Arbeitsprozesse</translation>
    </message>
    <message>
        <source>Nothing to do: the image&apos;s output exists already</source>
        <translation>Nichts zu tun: die Ausgabe des Bildes existiert bereits</translation>
    </message>
    <message>
        <source>Nothing to do: the outputs of all %L1 images exist already</source>
        <translation>Nichts zu tun: die Ausgaben aller %L1 Bilder existieren bereits</translation>
    </message>
    <message>
        <source>Batch finished: %1 in %2, %L3 skipped</source>
        <translation>Stapelverarbeitung beendet: %1 in %2, %L3 übersprungen</translation>
    </message>
    <message>
        <source>Show or hide every failure and warning with its reason</source>
        <translation>Alle Fehler und Warnungen mit ihrem Grund ein- oder ausblenden</translation>
    </message>
    <message>
        <source>1 with a warning</source>
        <translation>1 mit Warnung</translation>
    </message>
    <message numerus="yes">
        <source>%Ln with warnings</source>
        <translation>
            <numerusform>%Ln mit Warnung</numerusform>
            <numerusform>%Ln mit Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Show warnings</source>
        <translation>Warnungen anzeigen</translation>
    </message>
    <message>
        <source>Show failures and warnings</source>
        <translation>Fehler und Warnungen anzeigen</translation>
    </message>
    <message>
        <source>1 worker lost (crashed, hung or killed)</source>
        <translation>1 Arbeitsprozess verloren (abgestürzt, hängen geblieben oder beendet)</translation>
    </message>
    <message>
        <source>%1 workers lost (crashed, hung or killed)</source>
        <translation>%1 Arbeitsprozesse verloren (abgestürzt, hängen geblieben oder beendet)</translation>
    </message>
    <message>
        <source>Hide failures</source>
        <translation>Fehler ausblenden</translation>
    </message>
    <message>
        <source>Hide warnings</source>
        <translation>Warnungen ausblenden</translation>
    </message>
    <message>
        <source>Hide failures and warnings</source>
        <translation>Fehler und Warnungen ausblenden</translation>
    </message>
    <message>
        <source>%1 skipped (outputs of an earlier run)</source>
        <translation>%1 übersprungen (Ausgaben eines früheren Laufs)</translation>
    </message>
    <message>
        <source>%1 with 1 worker</source>
        <translation>%1 mit 1 Arbeitsprozess</translation>
    </message>
    <message>
        <source>%1 with %2 workers</source>
        <translation>%1 mit %2 Arbeitsprozessen</translation>
    </message>
    <message>
        <source>Every image that failed in the last batch, with the reason, and every one written with a warning; Return or a double-click on one shows its card in the queue</source>
        <translation>Jedes Bild, das in der letzten Stapelverarbeitung fehlgeschlagen ist, mit dem Grund, und jedes, das mit einer Warnung geschrieben wurde; die Eingabetaste oder ein Doppelklick auf eines zeigt seine Karte in der Warteschlange</translation>
    </message>
    <message>
        <source>%1 done (%2 under a new name: the name was taken)</source>
        <translation>%1 fertig (%2 unter neuem Namen: der Name war belegt)</translation>
    </message>
</context>
<context>
    <name>pp::gui::BatchSession</name>
    <message>
        <source>a batch is already running</source>
        <translation>eine Stapelverarbeitung läuft bereits</translation>
    </message>
    <message>
        <source>there is nothing to process</source>
        <translation>es gibt nichts zu verarbeiten</translation>
    </message>
    <message>
        <source>the preset &quot;%1&quot; does not exist (any more)</source>
        <translation>die Voreinstellung „%1“ existiert nicht (mehr)</translation>
    </message>
    <message>
        <source>preset &quot;%1&quot;: %2</source>
        <translation>Voreinstellung „%1“: %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>pp::gui::ColorButton</name>
    <message>
        <source>Choose a colour</source>
        <translation>Farbe wählen</translation>
    </message>
</context>
<context>
    <name>pp::gui::FailureText</name>
    <message>
        <source>the image would be %1×%2 pixels (%3 megapixels), over the limit of %4 megapixels</source>
        <translation>das Bild wäre %1×%2 Pixel groß (%3 Megapixel), über der Grenze von %4 Megapixeln</translation>
    </message>
    <message>
        <source>Step %1 (%2): %3</source>
        <translation>Schritt %1 (%2): %3</translation>
    </message>
    <message>
        <source>Output &quot;%1&quot;, step %2 (%3): %4</source>
        <translation>Ausgabe „%1“, Schritt %2 (%3): %4</translation>
    </message>
    <message>
        <source>%1 step: %2</source>
        <comment>failed as it ran</comment>
        <extracomment>%1: the operation, as the editor&apos;s list names it; %2: the worker&apos;s words, in English. Several steps have this operation, and the worker&apos;s words do not say which.</extracomment>
        <translation>Einer der Schritte „%1“ ist gescheitert (Details: %2)</translation>
    </message>
    <message>
        <source>Output &quot;%1&quot;, step %2 (%3): %4</source>
        <comment>failed as it ran</comment>
        <extracomment>%1: the output&apos;s name; %2, %3: the step as the editor&apos;s list numbers and names it; %4: the worker&apos;s words, in English</extracomment>
        <translation>Ausgabe „%1“, Schritt %2 (%3) ist gescheitert (Details: %4)</translation>
    </message>
    <message>
        <source>Step %1 (%2): %3</source>
        <comment>failed as it ran</comment>
        <extracomment>%1, %2: the step as the editor&apos;s list numbers and names it; %3: the worker&apos;s words, in English</extracomment>
        <translation>Schritt %1 (%2) ist gescheitert (Details: %3)</translation>
    </message>
</context>
<context>
    <name>pp::gui::MainWindow</name>
    <message>
        <source>Scanning…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Workers cannot start</source>
        <translation>Arbeitsprozesse können nicht starten</translation>
    </message>
    <message>
        <source>Workers cannot run</source>
        <translation>Arbeitsprozesse können nicht laufen</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Voreinstellungen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>Ausgelassen</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Skipped (0)</source>
        <translation>Übersprungen (0)</translation>
    </message>
    <message>
        <source>Engine log</source>
        <translation>Protokoll der Verarbeitung</translation>
    </message>
    <message>
        <source>Skipped inputs and log</source>
        <translation>Übersprungene Eingaben und Protokoll</translation>
    </message>
    <message>
        <source>Stop scanning</source>
        <translation>Durchsuchen anhalten</translation>
    </message>
    <message>
        <source>Output: %1</source>
        <translation>Ausgabe: %1</translation>
    </message>
    <message>
        <source>Outputs go to %1 when the preset names no folder. Click to change.</source>
        <translation>Ausgaben landen in %1, wenn die Voreinstellung keinen Ordner nennt. Zum Ändern klicken.</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>The queue is empty: add images first.</source>
        <translation>Die Warteschlange ist leer: Fügen Sie zuerst Bilder hinzu.</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <source>Processing %1…</source>
        <translation>In Arbeit: %1…</translation>
    </message>
    <message>
        <source>Paused: images already on a worker finish; nothing new starts.</source>
        <translation>Angehalten: Bilder, die schon in Arbeit sind, werden fertig; nichts Neues beginnt.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
    <message>
        <source>Batch cancelled.</source>
        <translation>Stapelverarbeitung abgebrochen.</translation>
    </message>
    <message>
        <source>Batch finished.</source>
        <translation>Stapelverarbeitung beendet.</translation>
    </message>
    <message>
        <source>Quit PixelPool</source>
        <translation>PixelPool beenden</translation>
    </message>
    <message>
        <source>A batch is running. Cancel it and quit? Images already written stay; no partial files are left.</source>
        <translation>Eine Stapelverarbeitung läuft. Abbrechen und beenden? Bereits geschriebene Bilder bleiben; es bleiben keine halben Dateien zurück.</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add fol&amp;der…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>&amp;Remove from queue</source>
        <translation>Aus der Warteschlange &amp;entfernen</translation>
    </message>
    <message>
        <source>C&amp;lear queue</source>
        <translation>Warteschlange &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Process the queue (Ctrl+Return)</source>
        <translation>Die Warteschlange verarbeiten (Strg+Return)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop the batch (Esc); no partial files are left</source>
        <translation>Die Stapelverarbeitung abbrechen (Esc); es bleiben keine halben Dateien zurück</translation>
    </message>
    <message>
        <source>Retry &amp;failed</source>
        <translation>Fehlgeschlagene &amp;wiederholen</translation>
    </message>
    <message>
        <source>&amp;Open output folder</source>
        <translation>Ausgabeordner ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Ou&amp;tput folder…</source>
        <translation>Ausgabeordner &amp;wählen…</translation>
    </message>
    <message>
        <source>&amp;Workers…</source>
        <translation>Arbeits&amp;prozesse…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;New preset…</source>
        <translation>&amp;Neue Voreinstellung…</translation>
    </message>
    <message>
        <source>&amp;Edit preset…</source>
        <translation>Voreinstellung &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Import preset…</source>
        <translation>Voreinstellung &amp;importieren…</translation>
    </message>
    <message>
        <source>E&amp;xport preset…</source>
        <translation>Voreinstellung e&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Give the selected images the selected preset card</source>
        <translation>Den ausgewählten Bildern die ausgewählte Voreinstellungskarte &amp;geben</translation>
    </message>
    <message>
        <source>Use the default preset for the &amp;selected images</source>
        <translation>Für die ausgewählten Bilder die &amp;Standard-Voreinstellung verwenden</translation>
    </message>
    <message>
        <source>Process &amp;done images again</source>
        <translation>&amp;Fertige Bilder erneut verarbeiten</translation>
    </message>
    <message>
        <source>&amp;About PixelPool</source>
        <translation>&amp;Über PixelPool</translation>
    </message>
    <message>
        <source>About PixelPool</source>
        <translation>Über PixelPool</translation>
    </message>
    <message>
        <source>&lt;b&gt;PixelPool %1&lt;/b&gt;&lt;p&gt;Batch image processing in a pool of worker processes. The window and &lt;tt&gt;pixelpool --batch&lt;/tt&gt; share one engine.&lt;/p&gt;</source>
        <translation>&lt;b&gt;PixelPool %1&lt;/b&gt;&lt;p&gt;Stapelverarbeitung von Bildern in einem Pool von Arbeitsprozessen. Das Fenster und &lt;tt&gt;pixelpool --batch&lt;/tt&gt; teilen sich eine Verarbeitungsmaschine.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <source>&amp;Batch</source>
        <translation>&amp;Stapel</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>&amp;Voreinstellungen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>Bilder hinzufügen</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Bilder (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Add a folder of images</source>
        <translation>Einen Ordner mit Bildern hinzufügen</translation>
    </message>
    <message>
        <source>Outputs go to %1 (unless a preset names its own folder).</source>
        <translation>Ausgaben landen in %1 (sofern eine Voreinstellung keinen eigenen Ordner nennt).</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>Voreinstellungen importieren</translation>
    </message>
    <message>
        <source>PixelPool presets (*.json)</source>
        <translation>PixelPool-Voreinstellungen (*.json)</translation>
    </message>
    <message>
        <source>Cannot import preset</source>
        <translation>Voreinstellung kann nicht importiert werden</translation>
    </message>
    <message>
        <source>Imported preset %1.</source>
        <translation>Voreinstellung %1 importiert.</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>Voreinstellung exportieren</translation>
    </message>
    <message>
        <source>Exported &quot;%1&quot; to %2.</source>
        <translation>„%1“ nach %2 exportiert.</translation>
    </message>
    <message>
        <source>Cannot export preset</source>
        <translation>Voreinstellung kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Voreinstellung löschen</translation>
    </message>
    <message>
        <source>Delete your preset &quot;%1&quot;?</source>
        <translation>Ihre Voreinstellung „%1“ löschen?</translation>
    </message>
    <message>
        <source>Cannot delete preset</source>
        <translation>Voreinstellung kann nicht gelöscht werden</translation>
    </message>
    <message>
        <source>my preset</source>
        <translation>meine Voreinstellung</translation>
    </message>
    <message>
        <source>Saved preset &quot;%1&quot;.</source>
        <translation>Voreinstellung „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation>Vorschau: %1</translation>
    </message>
    <message>
        <source>Add images to the queue to preview this preset on one of them.</source>
        <translation>Fügen Sie der Warteschlange Bilder hinzu, um diese Voreinstellung an einem davon vorab zu sehen.</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Arbeitsprozesse</translation>
    </message>
    <message>
        <source>Worker processes (0: one per processor core, here %1):</source>
        <translation>Arbeitsprozesse (0: einer je Prozessorkern, hier %1):</translation>
    </message>
    <message>
        <source>The worker count can change when the batch has ended.</source>
        <translation>Die Zahl der Arbeitsprozesse lässt sich ändern, wenn die Stapelverarbeitung beendet ist.</translation>
    </message>
    <message>
        <source>Cannot open %1 in the file manager.</source>
        <translation>%1 lässt sich nicht in der Dateiverwaltung öffnen.</translation>
    </message>
    <message>
        <source>No program to open %1 with.</source>
        <translation>Kein Programm zum Öffnen von %1.</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>That image is already in the queue.</source>
        <translation>Dieses Bild ist bereits in der Warteschlange.</translation>
    </message>
    <message>
        <source>Added an image without a file (%1); workers get it through shared memory.</source>
        <translation>Bild ohne Datei hinzugefügt (%1); die Arbeitsprozesse erhalten es über gemeinsamen Speicher.</translation>
    </message>
    <message>
        <source>Scan stopped: added %1</source>
        <translation>Durchsuchen angehalten: %1 hinzugefügt</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>; left out %L1 (see Skipped)</source>
        <translation>; %L1 ausgelassen (siehe Übersprungen)</translation>
    </message>
    <message>
        <source>Skipped (%L1)</source>
        <translation>Übersprungen (%L1)</translation>
    </message>
    <message>
        <source>Undone: %1.</source>
        <translation>Rückgängig gemacht: %1.</translation>
    </message>
    <message>
        <source>Redone: %1.</source>
        <translation>Wiederhergestellt: %1.</translation>
    </message>
    <message>
        <source>&amp;Undo preset change</source>
        <translation>Änderung der Voreinstellung &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>R&amp;edo preset change</source>
        <translation>Änderung der Voreinstellung &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Preset %1 for the selected images</source>
        <translation>Voreinstellung %1 für die ausgewählten Bilder</translation>
    </message>
    <message>
        <source>There is no preset %1.</source>
        <translation>Es gibt keine Voreinstellung %1.</translation>
    </message>
    <message>
        <source>Select images first, then press Ctrl+%1 to give them &quot;%2&quot;.</source>
        <translation>Wählen Sie zuerst Bilder aus und drücken Sie dann Strg+%1, um ihnen „%2“ zu geben.</translation>
    </message>
    <message>
        <source>There is no preset named &quot;%1&quot;.</source>
        <translation>Es gibt keine Voreinstellung namens „%1“.</translation>
    </message>
    <message>
        <source>Add images first, then drop the preset on them.</source>
        <translation>Fügen Sie zuerst Bilder hinzu und legen Sie dann die Voreinstellung darauf ab.</translation>
    </message>
    <message>
        <source>Every image has a preset of its own; nothing changed.</source>
        <translation>Jedes Bild hat eine eigene Voreinstellung; nichts geändert.</translation>
    </message>
    <message>
        <source>the default preset for %1</source>
        <translation>die Standard-Voreinstellung für %1</translation>
    </message>
    <message>
        <source>preset &quot;%1&quot; for %2</source>
        <translation>Voreinstellung „%1“ für %2</translation>
    </message>
    <message>
        <source>%1 now use the default preset (&quot;%2&quot;). Ctrl+Z undoes.</source>
        <translation>%1 verwenden jetzt die Standard-Voreinstellung („%2“). Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>Preset &quot;%1&quot; assigned to %2; the default stays &quot;%3&quot;. Ctrl+Z undoes.</source>
        <translation>Voreinstellung „%1“ an %2 vergeben; der Standard bleibt „%3“. Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 warten</translation>
    </message>
    <message>
        <source>Every image is done. Use %1 ▸ %2 to redo them.</source>
        <translation>Alle Bilder sind fertig. Mit %1 ▸ %2 lassen sie sich wiederholen.</translation>
    </message>
    <message>
        <source>Renamed preset &quot;%1&quot; to &quot;%2&quot;; its images have it under the new name.</source>
        <translation>Voreinstellung „%1“ in „%2“ umbenannt; ihre Bilder behalten sie unter dem neuen Namen.</translation>
    </message>
    <message>
        <source>my preset %1</source>
        <translation>meine Voreinstellung %1</translation>
    </message>
    <message>
        <source>The default preset is &quot;%1&quot; now.</source>
        <translation>Die Standard-Voreinstellung ist jetzt „%1“.</translation>
    </message>
    <message>
        <source>1 done image was made with other settings than its preset has now: Start makes it again.</source>
        <translation>1 fertiges Bild wurde mit anderen Einstellungen erzeugt, als seine Voreinstellung jetzt hat: „Starten“ erzeugt es neu.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln done images were made with other settings than their preset has now: Start makes them again.</source>
        <translation>
            <numerusform>%Ln fertiges Bild wurde mit anderen Einstellungen erzeugt, als seine Voreinstellung jetzt hat: „Starten“ erzeugt es neu.</numerusform>
            <numerusform>%Ln fertige Bilder wurden mit anderen Einstellungen erzeugt, als ihre Voreinstellung jetzt hat: „Starten“ erzeugt sie neu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning… 1 image found</source>
        <translation>Durchsuchen… 1 Bild gefunden</translation>
    </message>
    <message numerus="yes">
        <source>Scanning… %Ln images found</source>
        <translation>
            <numerusform>Durchsuchen… %Ln Bild gefunden</numerusform>
            <numerusform>Durchsuchen… %Ln Bilder gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Now using 1 worker process.</source>
        <translation>Jetzt mit 1 Arbeitsprozess.</translation>
    </message>
    <message numerus="yes">
        <source>Now using %Ln worker processes.</source>
        <translation>
            <numerusform>Jetzt mit %Ln Arbeitsprozess.</numerusform>
            <numerusform>Jetzt mit %Ln Arbeitsprozessen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <comment>View menu: shows or hides the pane</comment>
        <translation>&amp;Voreinstellungen</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <comment>View menu: shows or hides the pane</comment>
        <translation>Vor&amp;schau</translation>
    </message>
    <message>
        <source>&amp;Skipped inputs and log</source>
        <comment>View menu: shows or hides the pane</comment>
        <translation>Übersprungene Eingaben und &amp;Protokoll</translation>
    </message>
    <message>
        <source>1 done image went to another folder: Start makes it again here.</source>
        <translation>1 fertiges Bild ging in einen anderen Ordner: „Starten“ erzeugt es hier neu.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln done images went to another folder: Start makes them again here.</source>
        <translation>
            <numerusform>%Ln fertiges Bild ging in einen anderen Ordner: „Starten“ erzeugt es hier neu.</numerusform>
            <numerusform>%Ln fertige Bilder gingen in einen anderen Ordner: „Starten“ erzeugt sie hier neu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing pasted: %1.</source>
        <translation>Nichts eingefügt: %1.</translation>
    </message>
    <message>
        <source>the clipboard holds no image, file or folder</source>
        <translation>die Zwischenablage enthält kein Bild, keine Datei und keinen Ordner</translation>
    </message>
    <message>
        <source>; 1 was in the queue already</source>
        <translation>; 1 war bereits in der Warteschlange</translation>
    </message>
    <message numerus="yes">
        <source>; %Ln were in the queue already</source>
        <translation>
            <numerusform>; %Ln war bereits in der Warteschlange</numerusform>
            <numerusform>; %Ln waren bereits in der Warteschlange</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Cannot import %n presets</source>
        <translation>
            <numerusform>%n Voreinstellung kann nicht importiert werden</numerusform>
            <numerusform>%n Voreinstellungen können nicht importiert werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Not imported: %1</source>
        <translation>Nicht importiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n files not imported: %1</source>
        <translation>
            <numerusform>%n Datei nicht importiert: %1</numerusform>
            <numerusform>%n Dateien nicht importiert: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>This file is not a preset PixelPool can read:</source>
        <translation>Diese Datei ist keine Voreinstellung, die PixelPool lesen kann:</translation>
    </message>
    <message numerus="yes">
        <source>These %n files are not presets PixelPool can read:</source>
        <translation>
            <numerusform>Diese %n Datei ist keine Voreinstellung, die PixelPool lesen kann:</numerusform>
            <numerusform>Diese %n Dateien sind keine Voreinstellungen, die PixelPool lesen kann:</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported: %1.</source>
        <translation>Importiert: %1.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of your presets.</source>
        <translation>„%1“ ist keine Ihrer Voreinstellungen.</translation>
    </message>
    <message>
        <source>It is the default preset; the first card becomes the default.</source>
        <translation>Sie ist die Standard-Voreinstellung; die erste Karte wird Standard.</translation>
    </message>
    <message>
        <source>It is the default preset; &quot;%1&quot; becomes the default.</source>
        <translation>Sie ist die Standard-Voreinstellung; „%1“ wird Standard.</translation>
    </message>
    <message>
        <source>1 queued image that uses it gets the default preset.</source>
        <translation>1 Bild in der Warteschlange, das sie verwendet, erhält die Standard-Voreinstellung.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln queued images that use it get the default preset.</source>
        <translation>
            <numerusform>%Ln Bild in der Warteschlange, das sie verwendet, erhält die Standard-Voreinstellung.</numerusform>
            <numerusform>%Ln Bilder in der Warteschlange, die sie verwenden, erhalten die Standard-Voreinstellung.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot bring the preset back</source>
        <translation>Voreinstellung kann nicht zurückgeholt werden</translation>
    </message>
    <message>
        <source>A preset named &quot;%1&quot; or its file %2 is there again.</source>
        <translation>Eine Voreinstellung namens „%1“ oder ihre Datei %2 gibt es wieder.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>deleting the preset &quot;%1&quot;</source>
        <translation>Löschen der Voreinstellung „%1“</translation>
    </message>
    <message>
        <source>Deleted preset &quot;%1&quot;; its images use the default preset now. Ctrl+Z undoes.</source>
        <translation>Voreinstellung „%1“ gelöscht; ihre Bilder verwenden jetzt die Standard-Voreinstellung. Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>Deleted preset &quot;%1&quot;, the default; the default is &quot;%2&quot; now, for its images too. Ctrl+Z undoes.</source>
        <translation>Voreinstellung „%1“ gelöscht, die Standard-Voreinstellung; Standard ist jetzt „%2“, auch für ihre Bilder. Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>1 image is waiting: Start (Ctrl+Return) processes it.</source>
        <translation>1 Bild wartet: „Starten“ (Strg+Return) verarbeitet es.</translation>
    </message>
    <message>
        <source>%1 are waiting: Start (Ctrl+Return) processes them.</source>
        <translation>%1 warten: „Starten“ (Strg+Return) verarbeitet sie.</translation>
    </message>
    <message>
        <source>It waits until the running batch ends; Start (Ctrl+Return) then processes it.</source>
        <translation>Es wartet, bis die laufende Stapelverarbeitung endet; „Starten“ (Strg+Return) verarbeitet es dann.</translation>
    </message>
    <message>
        <source>They wait until the running batch ends; Start (Ctrl+Return) then processes them.</source>
        <translation>Sie warten, bis die laufende Stapelverarbeitung endet; „Starten“ (Strg+Return) verarbeitet sie dann.</translation>
    </message>
    <message>
        <source>Workers run again.</source>
        <translation>Arbeitsprozesse laufen wieder.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n presets: %1.</source>
        <translation>
            <numerusform>%n Voreinstellung importiert: %1.</numerusform>
            <numerusform>%n Voreinstellungen importiert: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>clearing the queue of %1</source>
        <translation>Warteschlange geleert (%1)</translation>
    </message>
    <message>
        <source>removing %1 from the queue</source>
        <translation>%1 aus der Warteschlange entfernt</translation>
    </message>
    <message>
        <source> (1 of them is in the queue again and stays as it is there)</source>
        <translation> (1 davon ist wieder in der Warteschlange und bleibt dort, wie es ist)</translation>
    </message>
    <message numerus="yes">
        <source> (%Ln of them are in the queue again and stay as they are there)</source>
        <translation>
            <numerusform> (%Ln davon ist wieder in der Warteschlange und bleibt dort, wie es ist)</numerusform>
            <numerusform> (%Ln davon sind wieder in der Warteschlange und bleiben dort, wie sie sind)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig machen</translation>
    </message>
    <message>
        <source>R&amp;edo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Cleared the queue of %1; Ctrl+Z brings them back.</source>
        <translation>Warteschlange geleert (%1); Strg+Z holt sie zurück.</translation>
    </message>
    <message>
        <source>Removed 1 image from the queue; Ctrl+Z brings it back.</source>
        <translation>1 Bild aus der Warteschlange entfernt; Strg+Z holt es zurück.</translation>
    </message>
    <message>
        <source>Removed %1 from the queue; Ctrl+Z brings them back.</source>
        <translation>%1 aus der Warteschlange entfernt; Strg+Z holt sie zurück.</translation>
    </message>
    <message>
        <source>The queue is empty.</source>
        <translation>Die Warteschlange ist leer.</translation>
    </message>
    <message>
        <source>Select the images to remove first.</source>
        <translation>Wählen Sie zuerst die Bilder aus, die entfernt werden sollen.</translation>
    </message>
    <message>
        <source>Its file is deleted from your presets folder; Queue ▸ Undo (Ctrl+Z) brings it back until you quit PixelPool.</source>
        <translation>Ihre Datei wird aus Ihrem Voreinstellungsordner gelöscht; Warteschlange ▸ Rückgängig machen (Strg+Z) holt sie zurück, bis Sie PixelPool beenden.</translation>
    </message>
    <message>
        <source>Removed 1 image of the batch from the queue, as asked while it ran.</source>
        <translation>1 Bild der Stapelverarbeitung aus der Warteschlange entfernt, wie während ihres Laufs gewünscht.</translation>
    </message>
    <message>
        <source>Removed %1 of the batch from the queue, as asked while it ran.</source>
        <translation>%1 der Stapelverarbeitung aus der Warteschlange entfernt, wie während ihres Laufs gewünscht.</translation>
    </message>
    <message>
        <source>1 image of the running batch leaves the queue when the batch ends.</source>
        <translation>1 Bild der laufenden Stapelverarbeitung verlässt die Warteschlange, wenn sie endet.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln images of the running batch leave the queue when it ends.</source>
        <translation>
            <numerusform>%Ln Bild der laufenden Stapelverarbeitung verlässt die Warteschlange, wenn sie endet.</numerusform>
            <numerusform>%Ln Bilder der laufenden Stapelverarbeitung verlassen die Warteschlange, wenn sie endet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Presets not loaded</source>
        <translation>
            <numerusform>Voreinstellung nicht geladen</numerusform>
            <numerusform>Voreinstellungen nicht geladen</numerusform>
        </translation>
    </message>
    <message>
        <source>The running batch goes on with the settings it started with; Start makes its images again once it has ended.</source>
        <translation>Der laufende Stapel arbeitet mit den Einstellungen weiter, mit denen er begonnen hat; „Starten“ erstellt seine Bilder erneut, sobald er beendet ist.</translation>
    </message>
    <message>
        <source>&amp;Give the selected images the preset</source>
        <translation>Den ausgewählten Bildern die &amp;Voreinstellung geben</translation>
    </message>
    <message>
        <source>&amp;Open the result</source>
        <translation>&amp;Das Ergebnis öffnen</translation>
    </message>
    <message>
        <source>S&amp;how the output in its folder</source>
        <translation>Die Ausgabe in ihrem &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>The running batch goes on into the folder it started with; Start makes its images again here once it has ended.</source>
        <translation>Der laufende Stapel schreibt weiter in den Ordner, mit dem er begonnen hat; „Starten“ erstellt seine Bilder hier erneut, sobald er beendet ist.</translation>
    </message>
    <message>
        <source>Cancelling: queued images are dropped, running ones stop (one a worker finishes first is kept); no partial files are left.</source>
        <translation>Abbruch: Wartende Bilder entfallen, laufende halten an (eines, das ein Arbeitsprozess vorher fertigstellt, bleibt); es bleiben keine halben Dateien zurück.</translation>
    </message>
    <message>
        <source>A batch is paused. Cancel it and quit? Images already written stay; no partial files are left.</source>
        <translation>Eine Stapelverarbeitung ist angehalten. Abbrechen und beenden? Bereits geschriebene Bilder bleiben; es bleiben keine halben Dateien zurück.</translation>
    </message>
    <message>
        <source>Skipped inputs</source>
        <translation>Übersprungene Eingaben</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Deleted preset &quot;%1&quot;. Ctrl+Z undoes.</source>
        <translation>Voreinstellung „%1“ gelöscht. Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>That image is no longer in the queue.</source>
        <translation>Dieses Bild ist nicht mehr in der Warteschlange.</translation>
    </message>
    <message>
        <source>1 done image waits again.</source>
        <translation>1 fertiges Bild wartet wieder.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln done images wait again.</source>
        <translation>
            <numerusform>%Ln fertiges Bild wartet wieder.</numerusform>
            <numerusform>%Ln fertige Bilder warten wieder.</numerusform>
        </translation>
    </message>
    <message>
        <source>Start keeps their earlier outputs and writes new ones beside them, with a number added (&quot;photo (2).jpg&quot;).</source>
        <translation>„Starten“ behält ihre früheren Ausgaben und schreibt neue daneben, mit angehängter Nummer („foto (2).jpg“).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them: new outputs beside the earlier ones, with a number added.</source>
        <translation>
            <numerusform>%Ln davon: neue Ausgabe neben der früheren, mit angehängter Nummer.</numerusform>
            <numerusform>%Ln davon: neue Ausgaben neben den früheren, mit angehängter Nummer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Start replaces their earlier outputs.</source>
        <translation>„Starten“ ersetzt ihre früheren Ausgaben.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them: the earlier outputs are replaced.</source>
        <translation>
            <numerusform>%Ln davon: die frühere Ausgabe wird ersetzt.</numerusform>
            <numerusform>%Ln davon: die früheren Ausgaben werden ersetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Start skips each whose earlier output is still there.</source>
        <translation>„Starten“ überspringt jedes, dessen frühere Ausgabe noch da ist.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them: skipped while the earlier outputs are there.</source>
        <translation>
            <numerusform>%Ln davon: übersprungen, solange die frühere Ausgabe da ist.</numerusform>
            <numerusform>%Ln davon: übersprungen, solange die früheren Ausgaben da sind.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview of %1 failed: %2</source>
        <translation>Vorschau von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>&amp;Add Anyway</source>
        <translation>&amp;Trotzdem hinzufügen</translation>
    </message>
    <message>
        <source>Queue the files the selected links lead to, outside their folders</source>
        <translation>Die Dateien außerhalb ihrer Ordner, zu denen die gewählten Verknüpfungen führen, in die Warteschlange stellen</translation>
    </message>
    <message>
        <source>It leads to %1.</source>
        <translation>Sie führt zu %1.</translation>
    </message>
    <message>
        <source>A folder from elsewhere may link to your private files. If you know where it leads, choose Add Anyway from this list&apos;s context menu (right-click, the Menu key or Shift+F10).</source>
        <translation>Ein Ordner aus fremder Quelle kann auf Ihre privaten Dateien verweisen. Wenn Sie wissen, wohin die Verknüpfung führt, wählen Sie „Trotzdem hinzufügen“ im Kontextmenü dieser Liste (Rechtsklick, Menütaste oder Umschalt+F10).</translation>
    </message>
    <message>
        <source>Retry &amp;failed and cancelled</source>
        <translation>Fehlgeschlagene und abgebrochene &amp;wiederholen</translation>
    </message>
    <message>
        <source>&amp;Duplicate preset</source>
        <translation>Voreinstellung &amp;duplizieren</translation>
    </message>
    <message>
        <source>Cannot duplicate preset</source>
        <translation>Voreinstellung kann nicht dupliziert werden</translation>
    </message>
    <message>
        <source>Cannot undo the copy</source>
        <translation>Die Kopie kann nicht rückgängig gemacht werden</translation>
    </message>
    <message>
        <source>the copy &quot;%1&quot; of &quot;%2&quot;</source>
        <translation>die Kopie „%1“ von „%2“</translation>
    </message>
    <message>
        <source>Made &quot;%1&quot;, a copy of &quot;%2&quot;, among your presets. Ctrl+Z undoes.</source>
        <translation>„%1“, eine Kopie von „%2“, unter Ihren Voreinstellungen angelegt. Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <source>1 image failed: %1 tries it again.</source>
        <translation>1 Bild ist fehlgeschlagen: %1 versucht es erneut.</translation>
    </message>
    <message>
        <source>%1 failed: %2 tries them again.</source>
        <translation>%1 sind fehlgeschlagen: %2 versucht sie erneut.</translation>
    </message>
    <message>
        <source>%1 waiting · %2 failed</source>
        <translation>%1 warten · %2 fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;Command-line reference</source>
        <translation>&amp;Referenz der Befehlszeile</translation>
    </message>
    <message>
        <source>Command-line reference</source>
        <translation>Referenz der Befehlszeile</translation>
    </message>
    <message>
        <source>Not installed: there is no %1.</source>
        <translation>Nicht installiert: %1 gibt es nicht.</translation>
    </message>
</context>
<context>
    <name>pp::gui::PresetEditor</name>
    <message>
        <source>Preset editor</source>
        <translation>Voreinstellungen bearbeiten</translation>
    </message>
    <message>
        <source>Step settings</source>
        <translation>Einstellungen des Schritts</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>the window&apos;s output folder</source>
        <translation>der Ausgabeordner des Fensters</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Placeholders: {name} {ext} {preset} {index} {index:4} {width} {height} {date} {date:%Y/%m} {camera} {lens} {iso}; &quot;/&quot; makes sub-folders</source>
        <translation>Platzhalter: {name} {ext} {preset} {index} {index:4} {width} {height} {date} {date:%Y/%m} {camera} {lens} {iso}; „/“ legt Unterordner an</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>Dateiname:</translation>
    </message>
    <message>
        <source>same as the input</source>
        <translation>wie die Eingabe</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>skip the image</source>
        <translation>das Bild überspringen</translation>
    </message>
    <message>
        <source>replace the existing file</source>
        <translation>die vorhandene Datei ersetzen</translation>
    </message>
    <message>
        <source>If the file exists:</source>
        <translation>Wenn die Datei existiert:</translation>
    </message>
    <message>
        <source>LZW</source>
        <translation>LZW</translation>
    </message>
    <message>
        <source>Deflate (smaller, slower)</source>
        <translation>Deflate (kleiner, langsamer)</translation>
    </message>
    <message>
        <source>none (largest, read by everything)</source>
        <translation>keine (am größten, überall lesbar)</translation>
    </message>
    <message>
        <source>TIFF compression:</source>
        <translation>TIFF-Kompression:</translation>
    </message>
    <message>
        <source>keep all (EXIF, IPTC, XMP, profile)</source>
        <translation>alles behalten (EXIF, IPTC, XMP, Profil)</translation>
    </message>
    <message>
        <source>keep all but the location</source>
        <translation>alles außer dem Aufnahmeort behalten</translation>
    </message>
    <message>
        <source>remove all</source>
        <translation>alles entfernen</translation>
    </message>
    <message>
        <source>What the outputs keep of each photo&apos;s metadata. Orientation, size and thumbnail are always made true of the output.</source>
        <translation>Was die Ausgaben von den Metadaten jedes Fotos behalten. Ausrichtung, Größe und Vorschaubild werden stets an die Ausgabe angepasst.</translation>
    </message>
    <message>
        <source>Metadata:</source>
        <translation>Metadaten:</translation>
    </message>
    <message>
        <source>keep the photo&apos;s colour profile</source>
        <translation>das Farbprofil des Fotos behalten</translation>
    </message>
    <message>
        <source>convert to sRGB</source>
        <translation>in sRGB umwandeln</translation>
    </message>
    <message>
        <source>sRGB is what the web and most apps without colour management assume.</source>
        <translation>sRGB setzen das Web und die meisten Programme ohne Farbmanagement voraus.</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Farben:</translation>
    </message>
    <message>
        <source>develop the sensor data</source>
        <translation>die Sensordaten entwickeln</translation>
    </message>
    <message>
        <source>use the camera&apos;s preview when large enough</source>
        <translation>die Vorschau der Kamera verwenden, wenn sie groß genug ist</translation>
    </message>
    <message>
        <source>For camera RAW files (DNG, CR2, NEF…): their embedded JPEG preview is the camera&apos;s own rendering and far faster; it is used only when it is at least the output&apos;s size.</source>
        <translation>Für Kamera-RAW-Dateien (DNG, CR2, NEF…): Die eingebettete JPEG-Vorschau ist die Entwicklung der Kamera selbst und viel schneller; sie wird nur verwendet, wenn sie mindestens so groß wie die Ausgabe ist.</translation>
    </message>
    <message>
        <source>Camera RAW:</source>
        <translation>Kamera-RAW:</translation>
    </message>
    <message>
        <source>Give outputs the photo&apos;s file date</source>
        <translation>Ausgaben das Dateidatum des Fotos geben</translation>
    </message>
    <message>
        <source>The output&apos;s modification time is the source file&apos;s, as cp -p does.</source>
        <translation>Die Änderungszeit der Ausgabe ist die der Quelldatei, wie bei cp -p.</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Quality:</source>
        <translation>Qualität:</translation>
    </message>
    <message>
        <source>No step selected</source>
        <translation>Kein Schritt ausgewählt</translation>
    </message>
    <message>
        <source>Add a step with the Add button; select a step to change its settings.</source>
        <translation>Fügen Sie mit „Hinzufügen“ einen Schritt hinzu; wählen Sie einen Schritt, um seine Einstellungen zu ändern.</translation>
    </message>
    <message>
        <source>The preset needs a name.</source>
        <translation>Die Voreinstellung braucht einen Namen.</translation>
    </message>
    <message>
        <source>Example: IMG_0042.jpg → %1</source>
        <translation>Beispiel: IMG_0042.jpg → %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is built-in: give your version another name to save it.</source>
        <translation>„%1“ ist mitgeliefert: Geben Sie Ihrer Fassung einen anderen Namen, um sie zu speichern.</translation>
    </message>
    <message>
        <source>Saving replaces your preset &quot;%1&quot;.</source>
        <translation>Speichern ersetzt Ihre Voreinstellung „%1“.</translation>
    </message>
    <message>
        <source>Saving creates the user preset &quot;%1&quot;.</source>
        <translation>Speichern legt die eigene Voreinstellung „%1“ an.</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot; in %2.</source>
        <translation>„%1“ in %2 gespeichert.</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>Voreinstellung exportieren</translation>
    </message>
    <message>
        <source>PixelPool presets (*.json)</source>
        <translation>PixelPool-Voreinstellungen (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Step %1 (%2): %3</source>
        <translation>Schritt %1 (%2): %3</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save the changes to this preset?</source>
        <translation>Änderungen an dieser Voreinstellung speichern?</translation>
    </message>
    <message>
        <source>Save the changes to the preset &quot;%1&quot;?</source>
        <translation>Änderungen an der Voreinstellung „%1“ speichern?</translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation>Wenn Sie sie nicht speichern, gehen Ihre Änderungen verloren.</translation>
    </message>
    <message>
        <source>They cannot be saved as they are: %1</source>
        <translation>So, wie sie sind, können sie nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1 is missing or cannot be read, so every image would fail. Save waits until it is there; Export… still writes the preset, for a computer that has it.</source>
        <translation>%1 fehlt oder kann nicht gelesen werden, daher würde jedes Bild fehlschlagen. Speichern wartet, bis die Datei da ist; Exportieren… schreibt die Voreinstellung trotzdem, für einen Rechner, der sie hat.</translation>
    </message>
    <message>
        <source>Output &quot;%1&quot;, step %2 (%3): %4</source>
        <translation>Ausgabe „%1“, Schritt %2 (%3): %4</translation>
    </message>
    <message>
        <source>%1 (1 own step)</source>
        <translation>%1 (1 eigener Schritt)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n own steps)</source>
        <translation>
            <numerusform>%1 (%n eigener Schritt)</numerusform>
            <numerusform>%1 (%n eigene Schritte)</numerusform>
        </translation>
    </message>
    <message>
        <source>This preset makes 1 output: %1.</source>
        <translation>Diese Voreinstellung erzeugt 1 Ausgabe: %1.</translation>
    </message>
    <message numerus="yes">
        <source>This preset makes %n outputs from one decode: %1.</source>
        <translation>
            <numerusform>Diese Voreinstellung erzeugt %n Ausgabe aus einem Dekodiervorgang: %1.</numerusform>
            <numerusform>Diese Voreinstellung erzeugt %n Ausgaben aus einem Dekodiervorgang: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The steps here run first, for every output; each output&apos;s own steps and settings are kept as they are (read-only here: edit them in the preset file). The settings below are what the outputs do not set.</source>
        <translation>Die Schritte hier laufen zuerst, für jede Ausgabe; die eigenen Schritte und Einstellungen jeder Ausgabe bleiben unverändert (hier nur lesbar: bearbeiten Sie sie in der Voreinstellungsdatei). Die Einstellungen unten gelten für alles, was die Ausgaben nicht selbst festlegen.</translation>
    </message>
    <message>
        <source>Discard the changes to this preset?</source>
        <translation>Änderungen an dieser Voreinstellung verwerfen?</translation>
    </message>
    <message>
        <source>Discard the changes to the preset &quot;%1&quot;?</source>
        <translation>Änderungen an der Voreinstellung „%1“ verwerfen?</translation>
    </message>
    <message>
        <source>Saving renames your preset &quot;%1&quot; to &quot;%2&quot;.</source>
        <translation>Speichern benennt Ihre Voreinstellung „%1“ in „%2“ um.</translation>
    </message>
    <message>
        <source>Another preset is named &quot;%1&quot; already: give this one a name of its own, or delete that preset first.</source>
        <translation>Eine andere Voreinstellung heißt bereits „%1“: Geben Sie dieser einen eigenen Namen oder löschen Sie jene zuerst.</translation>
    </message>
    <message>
        <source>Renamed &quot;%1&quot; to &quot;%2&quot; and saved it in %3.</source>
        <translation>„%1“ in „%2“ umbenannt und in %3 gespeichert.</translation>
    </message>
    <message>
        <source>Write the preset to a file, for another computer or to share it.</source>
        <translation>Schreibt die Voreinstellung in eine Datei, für einen anderen Rechner oder zum Weitergeben.</translation>
    </message>
    <message>
        <source>Not possible while the preset is invalid: %1</source>
        <translation>Nicht möglich, solange die Voreinstellung ungültig ist: %1</translation>
    </message>
    <message>
        <source>Save waits until it can be read; Export… still writes the preset, for a computer that has it.</source>
        <translation>Speichern wartet, bis die Datei gelesen werden kann; Exportieren… schreibt die Voreinstellung trotzdem, für einen Rechner, der sie hat.</translation>
    </message>
    <message>
        <source>%1 is an empty file, so every image would fail.</source>
        <translation>%1 ist eine leere Datei, daher würde jedes Bild fehlschlagen.</translation>
    </message>
    <message>
        <source>%1 cannot be read as an image (the preview says why), so every image would fail.</source>
        <translation>%1 kann nicht als Bild gelesen werden (die Vorschau sagt, warum), daher würde jedes Bild fehlschlagen.</translation>
    </message>
    <message>
        <source>Not exported to %1: %2</source>
        <translation>Nicht nach %1 exportiert: %2</translation>
    </message>
    <message>
        <source>Larger files, every pixel kept.</source>
        <translation>Größere Dateien, jedes Pixel bleibt erhalten.</translation>
    </message>
    <message>
        <source>Let outputs replace their source images</source>
        <translation>Ausgaben dürfen ihre Quellbilder ersetzen</translation>
    </message>
    <message>
        <source>When an image&apos;s output would have the image&apos;s own folder and name, the image is written over and its original is lost. Off: such an image fails, and its original is kept.</source>
        <translation>Hätte die Ausgabe eines Bildes dessen eigenen Ordner und Namen, wird das Bild überschrieben, und sein Original geht verloren. Aus: Ein solches Bild schlägt fehl, und sein Original bleibt erhalten.</translation>
    </message>
    <message>
        <source>an image whose output would have its own folder and name is written over, and the original is lost.</source>
        <translation>Ein Bild, dessen Ausgabe seinen eigenen Ordner und Namen hätte, wird überschrieben, und das Original geht verloren.</translation>
    </message>
    <message>
        <source>Originals are replaced:</source>
        <translation>Originale werden ersetzt:</translation>
    </message>
    <message>
        <source>Originals are replaced by the output %1 (set in the preset file):</source>
        <translation>Originale werden von der Ausgabe %1 ersetzt (in der Voreinstellungsdatei festgelegt):</translation>
    </message>
    <message>
        <source>Originals are replaced by the outputs %1 (set in the preset file):</source>
        <translation>Originale werden von den Ausgaben %1 ersetzt (in der Voreinstellungsdatei festgelegt):</translation>
    </message>
    <message>
        <source>Its outputs may replace their source images (Output).</source>
        <translation>Die Ausgaben dieser Voreinstellung können ihre Quellbilder ersetzen (Ausgabe).</translation>
    </message>
    <message>
        <source>Lossless WebP, JPEG XL or AVIF</source>
        <translation>Verlustfrei (WebP, JPEG XL oder AVIF)</translation>
    </message>
    <message>
        <source>With &quot;same as the input&quot;, images kept as JPEG (JPEG, HEIC and camera RAW inputs) then fail: JPEG has no lossless mode.</source>
        <translation>Mit „wie die Eingabe“ scheitern dann Bilder, die als JPEG geschrieben würden (JPEG-, HEIC- und Kamera-RAW-Eingaben): JPEG kennt kein verlustfreies Speichern.</translation>
    </message>
    <message>
        <source>Originals are replaced by the output %1:</source>
        <translation>Originale werden von der Ausgabe %1 ersetzt:</translation>
    </message>
    <message>
        <source>Originals are replaced by the outputs %1:</source>
        <translation>Originale werden von den Ausgaben %1 ersetzt:</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Move step up</source>
        <translation>Schritt nach oben</translation>
    </message>
    <message>
        <source>Move step down</source>
        <translation>Schritt nach unten</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>S&amp;teps (drag to reorder)</source>
        <translation>Schri&amp;tte (zum Umordnen ziehen)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Save as user preset</source>
        <translation>Als eigene Voreinstellung &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>Expo&amp;rtieren…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <source>Save the preset among your own presets (%1)</source>
        <translation>Die Voreinstellung unter Ihren eigenen speichern (%1)</translation>
    </message>
    <message>
        <source>Move the step up (%1)</source>
        <translation>Den Schritt nach oben verschieben (%1)</translation>
    </message>
    <message>
        <source>Move the step down (%1)</source>
        <translation>Den Schritt nach unten verschieben (%1)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <extracomment>a setting&apos;s name as the editor&apos;s form labels it (&quot;Image file&quot;), quoted in a message</extracomment>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>add a number (photo (2).%1)</source>
        <translation>eine Nummer anhängen (foto (2).%1)</translation>
    </message>
    <message>
        <source>Remove the selected step (%1; %2 brings it back)</source>
        <translation>Den ausgewählten Schritt entfernen (%1; %2 holt ihn zurück)</translation>
    </message>
    <message numerus="yes">
        <source>(%n steps are not valid: each is marked in the list.)</source>
        <translation>
            <numerusform>(%n Schritt ist nicht gültig: er ist in der Liste markiert.)</numerusform>
            <numerusform>(%n Schritte sind nicht gültig: jeder ist in der Liste markiert.)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>Änderungen &amp;speichern</translation>
    </message>
    <message>
        <source>Replace your preset &quot;%1&quot; with these settings (%2)</source>
        <translation>Ihre Voreinstellung „%1“ durch diese Einstellungen ersetzen (%2)</translation>
    </message>
    <message>
        <source>PNG compression</source>
        <translation>PNG-Kompression</translation>
    </message>
    <message>
        <source>PNG compression:</source>
        <translation>PNG-Kompression:</translation>
    </message>
    <message>
        <source>0: fastest to write, largest file; 9: smallest, slowest. Every level keeps every pixel.</source>
        <translation>0: am schnellsten geschrieben, größte Datei; 9: am kleinsten, am langsamsten. Jede Stufe erhält jedes Pixel.</translation>
    </message>
</context>
<context>
    <name>pp::gui::PresetLibraryModel</name>
    <message>
        <source>%1
%2

Drag onto images to give them this preset; right-click to make it the default.</source>
        <translation>%1
%2

Auf Bilder ziehen, um ihnen diese Voreinstellung zu geben; Rechtsklick macht sie zum Standard.</translation>
    </message>
    <message>
        <source>Default preset. </source>
        <translation>Standard-Voreinstellung. </translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <extracomment>a text watermark&apos;s text in a step&apos;s summary, quoted as the language quotes</extracomment>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <extracomment>the name of a copy of the preset %1 (Duplicate); then &quot;%1 copy 2&quot;, &quot;%1 copy 3&quot;…</extracomment>
        <translation>%1 Kopie</translation>
    </message>
    <message>
        <source>%1 copy %2</source>
        <translation>%1 Kopie %2</translation>
    </message>
</context>
<context>
    <name>pp::gui::PresetPanel</name>
    <message>
        <source>&amp;Default:</source>
        <translation>S&amp;tandard:</translation>
    </message>
    <message>
        <source>The preset for every image that has none of its own</source>
        <translation>Die Voreinstellung für jedes Bild ohne eigene</translation>
    </message>
    <message>
        <source>Default preset</source>
        <translation>Standard-Voreinstellung</translation>
    </message>
    <message>
        <source>The preset used for every image in the queue that has no preset of its own</source>
        <translation>Die Voreinstellung für jedes Bild in der Warteschlange, das keine eigene hat</translation>
    </message>
    <message>
        <source>Preset library</source>
        <translation>Voreinstellungsbibliothek</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Create a new preset</source>
        <translation>Eine neue Voreinstellung anlegen</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Edit the selected preset (double-click a card)</source>
        <translation>Die ausgewählte Voreinstellung bearbeiten (Doppelklick auf eine Karte)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected user preset</source>
        <translation>Die ausgewählte eigene Voreinstellung löschen</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Import a preset file (or drop .json files here)</source>
        <translation>Eine Voreinstellungsdatei importieren (oder .json-Dateien hier ablegen)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Save the selected preset as a file</source>
        <translation>Die ausgewählte Voreinstellung als Datei speichern</translation>
    </message>
    <message>
        <source> preset</source>
        <translation> (Voreinstellung)</translation>
    </message>
    <message>
        <source>Use for all images without their own preset</source>
        <translation>Für alle Bilder ohne eigene Voreinstellung verwenden</translation>
    </message>
    <message>
        <source>Give to the selected images</source>
        <translation>Den ausgewählten Bildern geben</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>mitgeliefert</translation>
    </message>
    <message>
        <source>user</source>
        <translation>eigene</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Strg+%1</translation>
    </message>
    <message>
        <source>(no steps: converts only)</source>
        <translation>(keine Schritte: nur umwandeln)</translation>
    </message>
    <message>
        <source>Only preset files (.json) can be dropped on the preset library; drop images on the queue.</source>
        <translation>In der Voreinstellungsbibliothek lassen sich nur Voreinstellungsdateien (.json) ablegen; Bilder bitte auf der Warteschlange ablegen.</translation>
    </message>
    <message>
        <source>Drag a card onto images to give them that preset (Ctrl+Z undoes), or select images and press Ctrl+1…9 or Enter on a card.</source>
        <translation>Ziehen Sie eine Karte auf Bilder, um ihnen diese Voreinstellung zu geben (Strg+Z macht es rückgängig), oder wählen Sie Bilder aus und drücken Sie Strg+1…9 oder die Eingabetaste auf einer Karte.</translation>
    </message>
    <message>
        <source>Preset cards: drag one onto images, or press Enter or Space on one, to give the images selected in the queue that preset (Ctrl+Z undoes); the context menu (Menu key, Shift+F10) makes one the default</source>
        <translation>Voreinstellungskarten: Ziehen Sie eine auf Bilder oder drücken Sie auf einer die Eingabe- oder Leertaste, um den in der Warteschlange ausgewählten Bildern diese Voreinstellung zu geben (Strg+Z macht es rückgängig); das Kontextmenü (Menütaste, Umschalt+F10) macht eine zum Standard</translation>
    </message>
    <message>
        <source>Select images in the queue first; Enter on a card then gives them its preset (as a drop does).</source>
        <translation>Wählen Sie zuerst Bilder in der Warteschlange aus; die Eingabetaste auf einer Karte gibt ihnen dann deren Voreinstellung (wie ein Ablegen).</translation>
    </message>
    <message>
        <source>Import the preset in %1</source>
        <translation>Die Voreinstellung in %1 importieren</translation>
    </message>
    <message numerus="yes">
        <source>Import %n presets</source>
        <translation>
            <numerusform>%n Voreinstellung importieren</numerusform>
            <numerusform>%n Voreinstellungen importieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Make a copy of the selected preset among your presets and edit it (Ctrl+D)</source>
        <translation>Eine Kopie der ausgewählten Voreinstellung unter Ihren eigenen anlegen und bearbeiten (Strg+D)</translation>
    </message>
    <message>
        <source>Preset cards</source>
        <translation>Voreinstellungskarten</translation>
    </message>
    <message>
        <source>Scrolls the preset cards up and down</source>
        <translation>Blättert die Voreinstellungskarten nach oben und unten</translation>
    </message>
</context>
<context>
    <name>pp::gui::PreviewPane</name>
    <message>
        <source>Select an image in the queue to see it before and after its preset.</source>
        <translation>Wählen Sie ein Bild in der Warteschlange, um es vor und nach seiner Voreinstellung zu sehen.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>The selected image before and after its preset</source>
        <translation>Das ausgewählte Bild vor und nach seiner Voreinstellung</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <source>Before and after over each other, divided by a line you drag</source>
        <translation>Vorher und nachher übereinander, getrennt durch eine verschiebbare Linie</translation>
    </message>
    <message>
        <source>Split position</source>
        <translation>Teilungsposition</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet…</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After · updating…</source>
        <translation>Nachher · wird aktualisiert…</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Computing the preview…</source>
        <translation>Die Vorschau wird berechnet…</translation>
    </message>
    <message>
        <source>Preview failed: %1</source>
        <translation>Vorschau fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Before · %1×%2</source>
        <translation>Vorher · %1×%2</translation>
    </message>
    <message>
        <source>After · %1×%2 · %3 ms</source>
        <translation>Nachher · %1×%2 · %3 ms</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Before 100 % · after 100 % of %1×%2</source>
        <translation>Vorher 100 % · nachher 100 % von %1×%2</translation>
    </message>
    <message>
        <source>Before and after at 100 %</source>
        <translation>Vorher und nachher in 100 %</translation>
    </message>
    <message>
        <source>loading full-size pixels…</source>
        <translation>lädt die Pixel in voller Größe…</translation>
    </message>
    <message>
        <source>Where the line between before (left) and after (right) is; moving it shows them split</source>
        <translation>Wo die Linie zwischen vorher (links) und nachher (rechts) liegt; beim Verschieben werden beide geteilt gezeigt</translation>
    </message>
    <message>
        <source>No preview: %1</source>
        <translation>Keine Vorschau: %1</translation>
    </message>
    <message>
        <source>Show the image at 100 %, one image pixel on one screen pixel, computed from the full-size original; drag, scroll or use the arrow keys to move around</source>
        <translation>Das Bild in 100 % zeigen, ein Bildpixel auf einem Bildschirmpixel, berechnet aus dem Original in voller Größe; zum Verschieben ziehen, scrollen oder die Pfeiltasten nutzen</translation>
    </message>
</context>
<context>
    <name>pp::gui::ProgressPanel</name>
    <message>
        <source>Batch progress</source>
        <translation>Fortschritt der Stapelverarbeitung</translation>
    </message>
    <message>
        <source>How many images of the batch are finished</source>
        <translation>Wie viele Bilder des Stapels fertig sind</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Cancelling… waiting for the workers to stop</source>
        <translation>Wird abgebrochen… warte, bis die Arbeitsprozesse anhalten</translation>
    </message>
    <message>
        <source> · %L1 failed</source>
        <translation> · %L1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Speed and time left while a batch runs, otherwise what to do next</source>
        <translation>Geschwindigkeit und Restzeit während eines Stapels, sonst der nächste Schritt</translation>
    </message>
    <message>
        <source>%1 of %2 · %3 cancelled</source>
        <translation>%1 von %2 · %3 abgebrochen</translation>
    </message>
    <message>
        <source>Paused · %1 done</source>
        <translation>Angehalten · %1 fertig</translation>
    </message>
    <message>
        <source> · %L1 skipped</source>
        <translation> · %L1 übersprungen</translation>
    </message>
    <message>
        <source>estimating the time left</source>
        <translation>Restzeit wird geschätzt</translation>
    </message>
    <message>
        <source>%1 left</source>
        <comment>time left</comment>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>%L1 failed</source>
        <translation>%L1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 Bilder/s</translation>
    </message>
    <message>
        <source>%L1 skipped</source>
        <translation>%L1 übersprungen</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>vergangen %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>%1 images/min</source>
        <translation>%1 Bilder/min</translation>
    </message>
    <message>
        <source>%1 min an image</source>
        <translation>%1 min je Bild</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Add images, pick a preset, press %1.</source>
        <comment>%1: the Start button&apos;s words</comment>
        <translation>Bilder hinzufügen, eine Voreinstellung wählen, „%1“ drücken.</translation>
    </message>
</context>
<context>
    <name>pp::gui::QueueDelegate</name>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>No thumbnail: %1</source>
        <translation>Kein Vorschaubild: %1</translation>
    </message>
</context>
<context>
    <name>pp::gui::QueueModel</name>
    <message>
        <source>%1 (image without a file)</source>
        <translation>%1 (Bild ohne Datei)</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>Voreinstellung: %1</translation>
    </message>
    <message>
        <source>Default preset</source>
        <translation>Standard-Voreinstellung</translation>
    </message>
    <message>
        <source>duplicate: already in the queue</source>
        <translation>doppelt: bereits in der Warteschlange</translation>
    </message>
    <message>
        <source>pasted-image-%1.png</source>
        <translation>eingefuegtes-bild-%1.png</translation>
    </message>
    <message>
        <source>Done with settings its preset no longer has: Start makes it again.</source>
        <translation>Fertig mit Einstellungen, die seine Voreinstellung nicht mehr hat: „Starten“ erzeugt es neu.</translation>
    </message>
    <message>
        <source>Done into %1, not the folder outputs go to now: Start makes it again there.</source>
        <translation>Fertig in %1, nicht in dem Ordner, in den Ausgaben jetzt gehen: „Starten“ erzeugt es dort neu.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Its output was deleted or moved away since: Start makes it again.</source>
        <translation>Seine Ausgabe wurde seitdem gelöscht oder verschoben: „Starten“ erzeugt es neu.</translation>
    </message>
</context>
<context>
    <name>pp::gui::QueueView</name>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Choose image files to add to the queue</source>
        <translation>Bilddateien für die Warteschlange auswählen</translation>
    </message>
    <message>
        <source>Choose a folder whose images are added to the queue</source>
        <translation>Einen Ordner wählen, dessen Bilder zur Warteschlange hinzugefügt werden</translation>
    </message>
    <message>
        <source>“%1” → all %2 without a preset of their own</source>
        <translation>„%1“ → alle %2 ohne eigene Voreinstellung</translation>
    </message>
    <message>
        <source>Every image has a preset of its own: dropping here changes nothing</source>
        <translation>Jedes Bild hat eine eigene Voreinstellung: Hier abzulegen ändert nichts</translation>
    </message>
    <message>
        <source>“%1” → the %2 selected images</source>
        <translation>„%1“ → die %2 ausgewählten Bilder</translation>
    </message>
    <message>
        <source>“%1” → %2</source>
        <translation>„%1“ → %2</translation>
    </message>
    <message>
        <source>Drop images or folders here</source>
        <translation>Bilder oder Ordner hier ablegen</translation>
    </message>
    <message>
        <source>Folders are searched with their sub-folders. You can also paste an image (Ctrl+V) or drop one from a web browser.</source>
        <translation>Ordner werden samt Unterordnern durchsucht. Sie können auch ein Bild einfügen (Strg+V) oder eines aus einem Webbrowser ablegen.</translation>
    </message>
    <message>
        <source>The images to process, each with its preset and state. Drop images, folders or preset cards here; double-click a finished image, or press Enter on it, to open the result.</source>
        <translation>Die zu verarbeitenden Bilder, jedes mit seiner Voreinstellung und seinem Zustand. Legen Sie hier Bilder, Ordner oder Voreinstellungskarten ab; ein Doppelklick auf ein fertiges Bild oder die Eingabetaste darauf öffnet das Ergebnis.</translation>
    </message>
</context>
<context>
    <name>pp::gui::ThumbnailCache</name>
    <message>
        <source>no preview came back</source>
        <translation>es kam keine Vorschau zurück</translation>
    </message>
</context>
</TS>
