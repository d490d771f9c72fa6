// PixelPool's HEVC decoder for libheif: libde265 on the calling thread, registered on each context
// the HEIF codec opens (HeifCodec.cpp), ahead of libheif 1.15's own libde265 plug-in. That plug-in
// hands over whatever libde265 made of the data, and libde265 decodes damaged slice data into
// blocks of wrong colour, saying so only in warnings nobody read ("end_of_sub_stream_one_bit not
// set", "incorrect entry-point offsets"): a HEIC with one flipped byte was written, garbled, and
// reported done. Here a picture libde265 warned about while decoding it fails as damaged HEVC
// data with the warning's words; a coded image of no bytes, or one whose last NAL unit is cut
// short, fails saying so (libheif's plug-in said "Decoder plugin generated an error"); libde265
// starts no worker thread (a worker decodes one image per core); the picture and its colour
// description are handed over as libheif's plug-in hands them (the last picture decoded).
#pragma once

struct heif_decoder_plugin;

namespace pp::codecs {

// The plug-in (libheif's decoder plug-in API 3); the same object on every call.
const heif_decoder_plugin *hevcDecoderPlugin();

} // namespace pp::codecs
