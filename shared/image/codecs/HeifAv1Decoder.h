// PixelPool's AV1 decoder for libheif: dav1d on the calling thread, registered on each context the
// HEIF codec opens (HeifCodec.cpp), ahead of libheif 1.15's own dav1d plug-in. That plug-in leaked
// on a coded image of no bytes (an item with an empty extent and no configuration OBUs: an alpha
// plane, say): dav1d_data_create(0) makes a reference that dav1d_send_data refuses, and the plug-in
// releases only data that still has bytes, so 40 bytes stayed in the worker for each such image
// (fuzz_decode's leak). It also leaves dav1d its default threads, one per core with frames in
// flight, where a worker decodes one image per core. Here dav1d runs on one thread with one frame
// (max_frame_delay 1, as libavif sets it), the stream and the picture are released on every path,
// dav1d's log lines go nowhere (a damaged stream is the decode's error, not noise on stderr), and
// the picture handed over is the first shown frame of the highest spatial layer, as before.
#pragma once

struct heif_decoder_plugin;

namespace pp::codecs {

// The plug-in (libheif's decoder plug-in API 3); the same object on every call.
const heif_decoder_plugin *av1DecoderPlugin();

} // namespace pp::codecs
