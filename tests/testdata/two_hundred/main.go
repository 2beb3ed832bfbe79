// Two hundred programs, the most tinybpf compiles in two parts (docs/cli.md,
// Many programs: one more part for every 100 programs beyond 200). Written by
//
//	for i in $(seq 0 199); do printf ...; done
//
// each program returning its own number.
package main

import "unsafe"

//go:section xdp
//export prog_0
func prog_0(ctx unsafe.Pointer) int32 { return 0 }

//go:section xdp
//export prog_1
func prog_1(ctx unsafe.Pointer) int32 { return 1 }

//go:section xdp
//export prog_2
func prog_2(ctx unsafe.Pointer) int32 { return 2 }

//go:section xdp
//export prog_3
func prog_3(ctx unsafe.Pointer) int32 { return 3 }

//go:section xdp
//export prog_4
func prog_4(ctx unsafe.Pointer) int32 { return 4 }

//go:section xdp
//export prog_5
func prog_5(ctx unsafe.Pointer) int32 { return 5 }

//go:section xdp
//export prog_6
func prog_6(ctx unsafe.Pointer) int32 { return 6 }

//go:section xdp
//export prog_7
func prog_7(ctx unsafe.Pointer) int32 { return 7 }

//go:section xdp
//export prog_8
func prog_8(ctx unsafe.Pointer) int32 { return 8 }

//go:section xdp
//export prog_9
func prog_9(ctx unsafe.Pointer) int32 { return 9 }

//go:section xdp
//export prog_10
func prog_10(ctx unsafe.Pointer) int32 { return 10 }

//go:section xdp
//export prog_11
func prog_11(ctx unsafe.Pointer) int32 { return 11 }

//go:section xdp
//export prog_12
func prog_12(ctx unsafe.Pointer) int32 { return 12 }

//go:section xdp
//export prog_13
func prog_13(ctx unsafe.Pointer) int32 { return 13 }

//go:section xdp
//export prog_14
func prog_14(ctx unsafe.Pointer) int32 { return 14 }

//go:section xdp
//export prog_15
func prog_15(ctx unsafe.Pointer) int32 { return 15 }

//go:section xdp
//export prog_16
func prog_16(ctx unsafe.Pointer) int32 { return 16 }

//go:section xdp
//export prog_17
func prog_17(ctx unsafe.Pointer) int32 { return 17 }

//go:section xdp
//export prog_18
func prog_18(ctx unsafe.Pointer) int32 { return 18 }

//go:section xdp
//export prog_19
func prog_19(ctx unsafe.Pointer) int32 { return 19 }

//go:section xdp
//export prog_20
func prog_20(ctx unsafe.Pointer) int32 { return 20 }

//go:section xdp
//export prog_21
func prog_21(ctx unsafe.Pointer) int32 { return 21 }

//go:section xdp
//export prog_22
func prog_22(ctx unsafe.Pointer) int32 { return 22 }

//go:section xdp
//export prog_23
func prog_23(ctx unsafe.Pointer) int32 { return 23 }

//go:section xdp
//export prog_24
func prog_24(ctx unsafe.Pointer) int32 { return 24 }

//go:section xdp
//export prog_25
func prog_25(ctx unsafe.Pointer) int32 { return 25 }

//go:section xdp
//export prog_26
func prog_26(ctx unsafe.Pointer) int32 { return 26 }

//go:section xdp
//export prog_27
func prog_27(ctx unsafe.Pointer) int32 { return 27 }

//go:section xdp
//export prog_28
func prog_28(ctx unsafe.Pointer) int32 { return 28 }

//go:section xdp
//export prog_29
func prog_29(ctx unsafe.Pointer) int32 { return 29 }

//go:section xdp
//export prog_30
func prog_30(ctx unsafe.Pointer) int32 { return 30 }

//go:section xdp
//export prog_31
func prog_31(ctx unsafe.Pointer) int32 { return 31 }

//go:section xdp
//export prog_32
func prog_32(ctx unsafe.Pointer) int32 { return 32 }

//go:section xdp
//export prog_33
func prog_33(ctx unsafe.Pointer) int32 { return 33 }

//go:section xdp
//export prog_34
func prog_34(ctx unsafe.Pointer) int32 { return 34 }

//go:section xdp
//export prog_35
func prog_35(ctx unsafe.Pointer) int32 { return 35 }

//go:section xdp
//export prog_36
func prog_36(ctx unsafe.Pointer) int32 { return 36 }

//go:section xdp
//export prog_37
func prog_37(ctx unsafe.Pointer) int32 { return 37 }

//go:section xdp
//export prog_38
func prog_38(ctx unsafe.Pointer) int32 { return 38 }

//go:section xdp
//export prog_39
func prog_39(ctx unsafe.Pointer) int32 { return 39 }

//go:section xdp
//export prog_40
func prog_40(ctx unsafe.Pointer) int32 { return 40 }

//go:section xdp
//export prog_41
func prog_41(ctx unsafe.Pointer) int32 { return 41 }

//go:section xdp
//export prog_42
func prog_42(ctx unsafe.Pointer) int32 { return 42 }

//go:section xdp
//export prog_43
func prog_43(ctx unsafe.Pointer) int32 { return 43 }

//go:section xdp
//export prog_44
func prog_44(ctx unsafe.Pointer) int32 { return 44 }

//go:section xdp
//export prog_45
func prog_45(ctx unsafe.Pointer) int32 { return 45 }

//go:section xdp
//export prog_46
func prog_46(ctx unsafe.Pointer) int32 { return 46 }

//go:section xdp
//export prog_47
func prog_47(ctx unsafe.Pointer) int32 { return 47 }

//go:section xdp
//export prog_48
func prog_48(ctx unsafe.Pointer) int32 { return 48 }

//go:section xdp
//export prog_49
func prog_49(ctx unsafe.Pointer) int32 { return 49 }

//go:section xdp
//export prog_50
func prog_50(ctx unsafe.Pointer) int32 { return 50 }

//go:section xdp
//export prog_51
func prog_51(ctx unsafe.Pointer) int32 { return 51 }

//go:section xdp
//export prog_52
func prog_52(ctx unsafe.Pointer) int32 { return 52 }

//go:section xdp
//export prog_53
func prog_53(ctx unsafe.Pointer) int32 { return 53 }

//go:section xdp
//export prog_54
func prog_54(ctx unsafe.Pointer) int32 { return 54 }

//go:section xdp
//export prog_55
func prog_55(ctx unsafe.Pointer) int32 { return 55 }

//go:section xdp
//export prog_56
func prog_56(ctx unsafe.Pointer) int32 { return 56 }

//go:section xdp
//export prog_57
func prog_57(ctx unsafe.Pointer) int32 { return 57 }

//go:section xdp
//export prog_58
func prog_58(ctx unsafe.Pointer) int32 { return 58 }

//go:section xdp
//export prog_59
func prog_59(ctx unsafe.Pointer) int32 { return 59 }

//go:section xdp
//export prog_60
func prog_60(ctx unsafe.Pointer) int32 { return 60 }

//go:section xdp
//export prog_61
func prog_61(ctx unsafe.Pointer) int32 { return 61 }

//go:section xdp
//export prog_62
func prog_62(ctx unsafe.Pointer) int32 { return 62 }

//go:section xdp
//export prog_63
func prog_63(ctx unsafe.Pointer) int32 { return 63 }

//go:section xdp
//export prog_64
func prog_64(ctx unsafe.Pointer) int32 { return 64 }

//go:section xdp
//export prog_65
func prog_65(ctx unsafe.Pointer) int32 { return 65 }

//go:section xdp
//export prog_66
func prog_66(ctx unsafe.Pointer) int32 { return 66 }

//go:section xdp
//export prog_67
func prog_67(ctx unsafe.Pointer) int32 { return 67 }

//go:section xdp
//export prog_68
func prog_68(ctx unsafe.Pointer) int32 { return 68 }

//go:section xdp
//export prog_69
func prog_69(ctx unsafe.Pointer) int32 { return 69 }

//go:section xdp
//export prog_70
func prog_70(ctx unsafe.Pointer) int32 { return 70 }

//go:section xdp
//export prog_71
func prog_71(ctx unsafe.Pointer) int32 { return 71 }

//go:section xdp
//export prog_72
func prog_72(ctx unsafe.Pointer) int32 { return 72 }

//go:section xdp
//export prog_73
func prog_73(ctx unsafe.Pointer) int32 { return 73 }

//go:section xdp
//export prog_74
func prog_74(ctx unsafe.Pointer) int32 { return 74 }

//go:section xdp
//export prog_75
func prog_75(ctx unsafe.Pointer) int32 { return 75 }

//go:section xdp
//export prog_76
func prog_76(ctx unsafe.Pointer) int32 { return 76 }

//go:section xdp
//export prog_77
func prog_77(ctx unsafe.Pointer) int32 { return 77 }

//go:section xdp
//export prog_78
func prog_78(ctx unsafe.Pointer) int32 { return 78 }

//go:section xdp
//export prog_79
func prog_79(ctx unsafe.Pointer) int32 { return 79 }

//go:section xdp
//export prog_80
func prog_80(ctx unsafe.Pointer) int32 { return 80 }

//go:section xdp
//export prog_81
func prog_81(ctx unsafe.Pointer) int32 { return 81 }

//go:section xdp
//export prog_82
func prog_82(ctx unsafe.Pointer) int32 { return 82 }

//go:section xdp
//export prog_83
func prog_83(ctx unsafe.Pointer) int32 { return 83 }

//go:section xdp
//export prog_84
func prog_84(ctx unsafe.Pointer) int32 { return 84 }

//go:section xdp
//export prog_85
func prog_85(ctx unsafe.Pointer) int32 { return 85 }

//go:section xdp
//export prog_86
func prog_86(ctx unsafe.Pointer) int32 { return 86 }

//go:section xdp
//export prog_87
func prog_87(ctx unsafe.Pointer) int32 { return 87 }

//go:section xdp
//export prog_88
func prog_88(ctx unsafe.Pointer) int32 { return 88 }

//go:section xdp
//export prog_89
func prog_89(ctx unsafe.Pointer) int32 { return 89 }

//go:section xdp
//export prog_90
func prog_90(ctx unsafe.Pointer) int32 { return 90 }

//go:section xdp
//export prog_91
func prog_91(ctx unsafe.Pointer) int32 { return 91 }

//go:section xdp
//export prog_92
func prog_92(ctx unsafe.Pointer) int32 { return 92 }

//go:section xdp
//export prog_93
func prog_93(ctx unsafe.Pointer) int32 { return 93 }

//go:section xdp
//export prog_94
func prog_94(ctx unsafe.Pointer) int32 { return 94 }

//go:section xdp
//export prog_95
func prog_95(ctx unsafe.Pointer) int32 { return 95 }

//go:section xdp
//export prog_96
func prog_96(ctx unsafe.Pointer) int32 { return 96 }

//go:section xdp
//export prog_97
func prog_97(ctx unsafe.Pointer) int32 { return 97 }

//go:section xdp
//export prog_98
func prog_98(ctx unsafe.Pointer) int32 { return 98 }

//go:section xdp
//export prog_99
func prog_99(ctx unsafe.Pointer) int32 { return 99 }

//go:section xdp
//export prog_100
func prog_100(ctx unsafe.Pointer) int32 { return 100 }

//go:section xdp
//export prog_101
func prog_101(ctx unsafe.Pointer) int32 { return 101 }

//go:section xdp
//export prog_102
func prog_102(ctx unsafe.Pointer) int32 { return 102 }

//go:section xdp
//export prog_103
func prog_103(ctx unsafe.Pointer) int32 { return 103 }

//go:section xdp
//export prog_104
func prog_104(ctx unsafe.Pointer) int32 { return 104 }

//go:section xdp
//export prog_105
func prog_105(ctx unsafe.Pointer) int32 { return 105 }

//go:section xdp
//export prog_106
func prog_106(ctx unsafe.Pointer) int32 { return 106 }

//go:section xdp
//export prog_107
func prog_107(ctx unsafe.Pointer) int32 { return 107 }

//go:section xdp
//export prog_108
func prog_108(ctx unsafe.Pointer) int32 { return 108 }

//go:section xdp
//export prog_109
func prog_109(ctx unsafe.Pointer) int32 { return 109 }

//go:section xdp
//export prog_110
func prog_110(ctx unsafe.Pointer) int32 { return 110 }

//go:section xdp
//export prog_111
func prog_111(ctx unsafe.Pointer) int32 { return 111 }

//go:section xdp
//export prog_112
func prog_112(ctx unsafe.Pointer) int32 { return 112 }

//go:section xdp
//export prog_113
func prog_113(ctx unsafe.Pointer) int32 { return 113 }

//go:section xdp
//export prog_114
func prog_114(ctx unsafe.Pointer) int32 { return 114 }

//go:section xdp
//export prog_115
func prog_115(ctx unsafe.Pointer) int32 { return 115 }

//go:section xdp
//export prog_116
func prog_116(ctx unsafe.Pointer) int32 { return 116 }

//go:section xdp
//export prog_117
func prog_117(ctx unsafe.Pointer) int32 { return 117 }

//go:section xdp
//export prog_118
func prog_118(ctx unsafe.Pointer) int32 { return 118 }

//go:section xdp
//export prog_119
func prog_119(ctx unsafe.Pointer) int32 { return 119 }

//go:section xdp
//export prog_120
func prog_120(ctx unsafe.Pointer) int32 { return 120 }

//go:section xdp
//export prog_121
func prog_121(ctx unsafe.Pointer) int32 { return 121 }

//go:section xdp
//export prog_122
func prog_122(ctx unsafe.Pointer) int32 { return 122 }

//go:section xdp
//export prog_123
func prog_123(ctx unsafe.Pointer) int32 { return 123 }

//go:section xdp
//export prog_124
func prog_124(ctx unsafe.Pointer) int32 { return 124 }

//go:section xdp
//export prog_125
func prog_125(ctx unsafe.Pointer) int32 { return 125 }

//go:section xdp
//export prog_126
func prog_126(ctx unsafe.Pointer) int32 { return 126 }

//go:section xdp
//export prog_127
func prog_127(ctx unsafe.Pointer) int32 { return 127 }

//go:section xdp
//export prog_128
func prog_128(ctx unsafe.Pointer) int32 { return 128 }

//go:section xdp
//export prog_129
func prog_129(ctx unsafe.Pointer) int32 { return 129 }

//go:section xdp
//export prog_130
func prog_130(ctx unsafe.Pointer) int32 { return 130 }

//go:section xdp
//export prog_131
func prog_131(ctx unsafe.Pointer) int32 { return 131 }

//go:section xdp
//export prog_132
func prog_132(ctx unsafe.Pointer) int32 { return 132 }

//go:section xdp
//export prog_133
func prog_133(ctx unsafe.Pointer) int32 { return 133 }

//go:section xdp
//export prog_134
func prog_134(ctx unsafe.Pointer) int32 { return 134 }

//go:section xdp
//export prog_135
func prog_135(ctx unsafe.Pointer) int32 { return 135 }

//go:section xdp
//export prog_136
func prog_136(ctx unsafe.Pointer) int32 { return 136 }

//go:section xdp
//export prog_137
func prog_137(ctx unsafe.Pointer) int32 { return 137 }

//go:section xdp
//export prog_138
func prog_138(ctx unsafe.Pointer) int32 { return 138 }

//go:section xdp
//export prog_139
func prog_139(ctx unsafe.Pointer) int32 { return 139 }

//go:section xdp
//export prog_140
func prog_140(ctx unsafe.Pointer) int32 { return 140 }

//go:section xdp
//export prog_141
func prog_141(ctx unsafe.Pointer) int32 { return 141 }

//go:section xdp
//export prog_142
func prog_142(ctx unsafe.Pointer) int32 { return 142 }

//go:section xdp
//export prog_143
func prog_143(ctx unsafe.Pointer) int32 { return 143 }

//go:section xdp
//export prog_144
func prog_144(ctx unsafe.Pointer) int32 { return 144 }

//go:section xdp
//export prog_145
func prog_145(ctx unsafe.Pointer) int32 { return 145 }

//go:section xdp
//export prog_146
func prog_146(ctx unsafe.Pointer) int32 { return 146 }

//go:section xdp
//export prog_147
func prog_147(ctx unsafe.Pointer) int32 { return 147 }

//go:section xdp
//export prog_148
func prog_148(ctx unsafe.Pointer) int32 { return 148 }

//go:section xdp
//export prog_149
func prog_149(ctx unsafe.Pointer) int32 { return 149 }

//go:section xdp
//export prog_150
func prog_150(ctx unsafe.Pointer) int32 { return 150 }

//go:section xdp
//export prog_151
func prog_151(ctx unsafe.Pointer) int32 { return 151 }

//go:section xdp
//export prog_152
func prog_152(ctx unsafe.Pointer) int32 { return 152 }

//go:section xdp
//export prog_153
func prog_153(ctx unsafe.Pointer) int32 { return 153 }

//go:section xdp
//export prog_154
func prog_154(ctx unsafe.Pointer) int32 { return 154 }

//go:section xdp
//export prog_155
func prog_155(ctx unsafe.Pointer) int32 { return 155 }

//go:section xdp
//export prog_156
func prog_156(ctx unsafe.Pointer) int32 { return 156 }

//go:section xdp
//export prog_157
func prog_157(ctx unsafe.Pointer) int32 { return 157 }

//go:section xdp
//export prog_158
func prog_158(ctx unsafe.Pointer) int32 { return 158 }

//go:section xdp
//export prog_159
func prog_159(ctx unsafe.Pointer) int32 { return 159 }

//go:section xdp
//export prog_160
func prog_160(ctx unsafe.Pointer) int32 { return 160 }

//go:section xdp
//export prog_161
func prog_161(ctx unsafe.Pointer) int32 { return 161 }

//go:section xdp
//export prog_162
func prog_162(ctx unsafe.Pointer) int32 { return 162 }

//go:section xdp
//export prog_163
func prog_163(ctx unsafe.Pointer) int32 { return 163 }

//go:section xdp
//export prog_164
func prog_164(ctx unsafe.Pointer) int32 { return 164 }

//go:section xdp
//export prog_165
func prog_165(ctx unsafe.Pointer) int32 { return 165 }

//go:section xdp
//export prog_166
func prog_166(ctx unsafe.Pointer) int32 { return 166 }

//go:section xdp
//export prog_167
func prog_167(ctx unsafe.Pointer) int32 { return 167 }

//go:section xdp
//export prog_168
func prog_168(ctx unsafe.Pointer) int32 { return 168 }

//go:section xdp
//export prog_169
func prog_169(ctx unsafe.Pointer) int32 { return 169 }

//go:section xdp
//export prog_170
func prog_170(ctx unsafe.Pointer) int32 { return 170 }

//go:section xdp
//export prog_171
func prog_171(ctx unsafe.Pointer) int32 { return 171 }

//go:section xdp
//export prog_172
func prog_172(ctx unsafe.Pointer) int32 { return 172 }

//go:section xdp
//export prog_173
func prog_173(ctx unsafe.Pointer) int32 { return 173 }

//go:section xdp
//export prog_174
func prog_174(ctx unsafe.Pointer) int32 { return 174 }

//go:section xdp
//export prog_175
func prog_175(ctx unsafe.Pointer) int32 { return 175 }

//go:section xdp
//export prog_176
func prog_176(ctx unsafe.Pointer) int32 { return 176 }

//go:section xdp
//export prog_177
func prog_177(ctx unsafe.Pointer) int32 { return 177 }

//go:section xdp
//export prog_178
func prog_178(ctx unsafe.Pointer) int32 { return 178 }

//go:section xdp
//export prog_179
func prog_179(ctx unsafe.Pointer) int32 { return 179 }

//go:section xdp
//export prog_180
func prog_180(ctx unsafe.Pointer) int32 { return 180 }

//go:section xdp
//export prog_181
func prog_181(ctx unsafe.Pointer) int32 { return 181 }

//go:section xdp
//export prog_182
func prog_182(ctx unsafe.Pointer) int32 { return 182 }

//go:section xdp
//export prog_183
func prog_183(ctx unsafe.Pointer) int32 { return 183 }

//go:section xdp
//export prog_184
func prog_184(ctx unsafe.Pointer) int32 { return 184 }

//go:section xdp
//export prog_185
func prog_185(ctx unsafe.Pointer) int32 { return 185 }

//go:section xdp
//export prog_186
func prog_186(ctx unsafe.Pointer) int32 { return 186 }

//go:section xdp
//export prog_187
func prog_187(ctx unsafe.Pointer) int32 { return 187 }

//go:section xdp
//export prog_188
func prog_188(ctx unsafe.Pointer) int32 { return 188 }

//go:section xdp
//export prog_189
func prog_189(ctx unsafe.Pointer) int32 { return 189 }

//go:section xdp
//export prog_190
func prog_190(ctx unsafe.Pointer) int32 { return 190 }

//go:section xdp
//export prog_191
func prog_191(ctx unsafe.Pointer) int32 { return 191 }

//go:section xdp
//export prog_192
func prog_192(ctx unsafe.Pointer) int32 { return 192 }

//go:section xdp
//export prog_193
func prog_193(ctx unsafe.Pointer) int32 { return 193 }

//go:section xdp
//export prog_194
func prog_194(ctx unsafe.Pointer) int32 { return 194 }

//go:section xdp
//export prog_195
func prog_195(ctx unsafe.Pointer) int32 { return 195 }

//go:section xdp
//export prog_196
func prog_196(ctx unsafe.Pointer) int32 { return 196 }

//go:section xdp
//export prog_197
func prog_197(ctx unsafe.Pointer) int32 { return 197 }

//go:section xdp
//export prog_198
func prog_198(ctx unsafe.Pointer) int32 { return 198 }

//go:section xdp
//export prog_199
func prog_199(ctx unsafe.Pointer) int32 { return 199 }

func main() {}
