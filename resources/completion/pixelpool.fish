# fish completion for pixelpool. Installed as share/fish/vendor_completions.d/pixelpool.fish.
# The option list follows `pixelpool --help`, the image extensions the input scanner's
# (shared/frontend/InputScanner.cpp): tests/package/check-docs.py compares them.

function __pixelpool_presets
    pixelpool --list-presets 2>/dev/null | string replace -r ' \(user\)\t' '\t'
end

# Folders, and the files whose names end in one of the extensions given (any case).
function __pixelpool_files
    set -l files (complete -C "__fish_command_without_completions "(commandline -ct))
    string match -r -- '^.*/$' $files
    string match -ri -- '^.*\.(?:'(string join '|' $argv)')$' $files
end

function __pixelpool_images
    __pixelpool_files jpg jpeg jpe jfif jif jfi mpo png apng webp tif tiff bmp dib heic heif hif avif gif jxl \
        dng cr2 cr3 crw nef nrw arw sr2 srf raf orf ori rw2 rwl pef srw erf 3fr fff kdc dcr k25 mef mos mrw iiq
end

function __pixelpool_in_report
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = report
end

# Inputs: folders and the image files a folder scan would take, not every file.
complete -c pixelpool -f
complete -c pixelpool -n 'not __pixelpool_in_report' -a '(__pixelpool_images)'
# pixelpool report merge [--json] REPORT.json...
complete -c pixelpool -n __fish_is_first_token -a report -d 'Merge the reports of shards'
complete -c pixelpool -n '__pixelpool_in_report; and test (count (commandline -opc)) -eq 2' -a merge \
    -d 'Merge the reports of shards'
complete -c pixelpool -n '__pixelpool_in_report; and test (count (commandline -opc)) -ge 3' \
    -a '(__pixelpool_files json)'

complete -c pixelpool -s h -l help -d 'Print the options and exit'
complete -c pixelpool -s v -l version -d 'Print the version and exit'
complete -c pixelpool -l batch -d 'Run without a window'
complete -c pixelpool -s p -l preset -x -a '(__pixelpool_presets) (__pixelpool_files json)' -d 'Preset name or .json file'
complete -c pixelpool -s o -l output -x -a '(__fish_complete_directories)' -d 'Output folder'
complete -c pixelpool -s w -l workers -x -d 'Worker processes (0: one per core)'
complete -c pixelpool -s r -l recursive -d 'Include sub-folders of folder inputs'
complete -c pixelpool -l follow-links -d 'Also take images that links in folder inputs lead to outside them'
complete -c pixelpool -l json -d 'Print one JSON object per event on stdout'
complete -c pixelpool -s n -l dry-run -d 'Print what would be written where, write nothing'
complete -c pixelpool -s q -l quiet -d 'Print only failures and errors'
complete -c pixelpool -l verbose -d 'Also print every finished and started image'
complete -c pixelpool -l format -x -a 'jpeg png webp tiff bmp jxl avif keep' -d 'Override the output format'
complete -c pixelpool -l quality -x -d 'Override the quality (1-100)'
complete -c pixelpool -l overwrite -x -a 'skip rename overwrite' -d 'Override the overwrite policy'
complete -c pixelpool -l metadata -x -a 'keep strip-location strip' -d 'Override what metadata outputs keep'
complete -c pixelpool -l colour -x -a 'keep srgb' -d 'Override the colour handling'
complete -c pixelpool -l max-tasks-per-worker -x -d 'Replace a worker after this many images'
complete -c pixelpool -l timeout -x -d 'Give up on an image after this many seconds'
complete -c pixelpool -l max-megapixels -x -d 'Refuse images larger than this, before decoding'
complete -c pixelpool -l list-presets -d 'List the available presets and exit'
complete -c pixelpool -l shard -x -a 'auto' -d 'Run only shard K/N, or take them from the scheduler'
complete -c pixelpool -l shard-count -x -d 'The number of shards for --shard auto'
complete -c pixelpool -l inputs-from -r -F -d 'Read inputs from a file (- for stdin)'
complete -c pixelpool -l null -d '--inputs-from is separated by NUL bytes'
complete -c pixelpool -l report -r -F -d 'Write a JSON report of this run'
